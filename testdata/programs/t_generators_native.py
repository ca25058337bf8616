# Generators and coroutines compiled as native state machines: send,
# throw and close at every kind of suspension point, values live across
# yields, exception state across yields, delegation, and tracebacks.
import asyncio
import inspect
import sys
import traceback


def show(label, gen_or_call):
    try:
        print(label, gen_or_call())
    except Exception as error:
        print(label, "raised", type(error).__name__, error)


def running_total(start):
    total = start
    seen = []
    while True:
        got = yield total
        if got is None:
            break
        seen.append(got)
        total += got
    return total, seen


gen = running_total(10)
print(next(gen), gen.send(1), gen.send(2.5))
try:
    gen.send(None)
except StopIteration as stop:
    print("returned", stop.value)
show("send to a finished generator", lambda: gen.send(3))
show("send to a new generator", lambda: running_total(0).send(1))


def with_cleanup(log):
    log.append("start")
    try:
        for i in range(3):
            try:
                yield i
            except ValueError as error:
                log.append(f"caught {error} at {i}")
    finally:
        log.append("cleanup")


log = []
gen = with_cleanup(log)
print(next(gen), gen.throw(ValueError("first")), gen.throw(ValueError("second")))
show("throw past the end", lambda: gen.throw(ValueError("third")))
print(log)
log = []
gen = with_cleanup(log)
next(gen)
gen.close()
print(log, inspect.getgeneratorstate(gen))
gen = with_cleanup(log)
print(inspect.getgeneratorstate(gen))
next(gen)
print(inspect.getgeneratorstate(gen), gen.gi_frame.f_locals)


def ignores_exit():
    try:
        yield 1
    except GeneratorExit:
        print("ignoring GeneratorExit")
    yield 2  # closed again (quietly) when dropped


gen = ignores_exit()
next(gen)
show("close", gen.close)


def stops_inside():
    yield 1
    raise StopIteration("inner")  # PEP 479: a RuntimeError


show("PEP 479", lambda: list(stops_inside()))


def handled_state():
    try:
        raise KeyError("outer")
    except KeyError:
        yield sys.exception()  # the generator's own exception state
        yield sys.exception()
    yield sys.exception()


gen = handled_state()
print(repr(next(gen)), repr(sys.exception()))
try:
    raise IndexError("caller")
except IndexError:
    print(repr(next(gen)), repr(sys.exception()))
print(repr(next(gen)))


class Managed:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else None)
        return False


def in_with():
    with Managed("a") as a, Managed("b"):
        x = yield a.name
        yield x * 2


gen = in_with()
print(next(gen), gen.send(21))
gen.close()
gen = in_with()
next(gen)
show("throw in with", lambda: gen.throw(KeyError("k")))


def inner(n):
    for i in range(n):
        received = yield i
        if received == "stop":
            return "stopped"
    return "done"


def outer():
    first = yield from inner(2)
    second = yield from inner(5)
    squares = yield from (i * i for i in range(3))
    return first, second, squares


gen = outer()
print(next(gen), next(gen), next(gen), gen.send("stop") if False else next(gen))
print(gen.send("stop"))
print(list(gen))
print(list(outer()))


class Resumable:
    """An iterator with send/throw/close: `yield from` uses them."""

    def __init__(self):
        self.log = []

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def send(self, value):
        self.log.append(("send", value))
        if len(self.log) > 3:
            raise StopIteration("resumable done")
        return len(self.log)

    def throw(self, error):
        self.log.append(("throw", type(error).__name__))
        if isinstance(error, KeyError):
            return "recovered"
        raise error

    def close(self):
        self.log.append(("close",))


def delegate(target):
    result = yield from target
    print("delegate got", result)
    return result


target = Resumable()
gen = delegate(target)
print(next(gen), gen.send("x"), gen.throw(KeyError("k")))
show("delegated throw", lambda: gen.throw(ValueError("v")))
print(target.log)
target = Resumable()
gen = delegate(target)
next(gen)
gen.close()
print(target.log)
print(list(delegate(Resumable())))


def fails_later(n):
    for i in range(n):
        yield 10 // (n - i - 1)


def consumer():
    return [x for x in fails_later(3)]


try:
    consumer()
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)


def deep():
    yield from fails_later(2)


try:
    list(deep())
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)

gen = deep()
next(gen)
try:
    gen.throw(OSError("thrown in"))
except OSError:
    traceback.print_exc(file=sys.stdout)

gen = with_cleanup([])
next(gen)
try:
    gen.throw(TypeError("at the yield"))
except TypeError:
    traceback.print_exc(file=sys.stdout)

lazy = (x * 2 for x in range(3))
print(sum(lazy), list(lazy))
pairs = list(zip(running_total(1), "abc"))
print(pairs)


async def fetch(key, delay):
    await asyncio.sleep(delay)
    if key == "bad":
        raise LookupError(key)
    return key.upper()


class Ticker:
    def __await__(self):
        value = yield from asyncio.sleep(0).__await__()
        return "ticked"


async def gather_all():
    results = await asyncio.gather(fetch("a", 0.002), fetch("b", 0.001))
    ticked = await Ticker()
    try:
        await fetch("bad", 0)
    except LookupError as error:
        results.append(f"lookup {error}")
    try:
        await asyncio.wait_for(fetch("slow", 1), 0.001)
    except asyncio.TimeoutError:
        results.append("timed out")
    return results, ticked


print(asyncio.run(gather_all()))


async def not_awaitable():
    await 3


show("await int", lambda: asyncio.run(not_awaitable()))


async def crash():
    await fetch("bad", 0)


try:
    asyncio.run(crash())
except LookupError:
    traceback.print_exc(file=sys.stdout)

coro = fetch("x", 0)
print(type(coro).__name__, inspect.iscoroutine(coro), coro.cr_code.co_name)
coro.close()


# Native loops over native generators resume them without the interpreter:
# the same values, errors, tracebacks and states.
def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


def loop_over(gen):
    seen = []
    for x in gen:
        seen.append(x)
    return seen


def fails_at(n):
    for i in range(5):
        if i == n:
            raise KeyError(f"at {i}")
        yield i


def stop_inside():
    yield 1
    raise StopIteration("leaks")  # PEP 479, seen through a native loop


def reenter(box):
    yield 1
    yield next(box[0])  # the generator itself: already executing


print(loop_over(countdown(3)))
gen = countdown(2)
print(next(gen), loop_over(gen), inspect.getgeneratorstate(gen))
for source in (lambda: loop_over(fails_at(2)), lambda: loop_over(stop_inside())):
    try:
        source()
    except (KeyError, RuntimeError):
        traceback.print_exc(file=sys.stdout)
box = []
gen = reenter(box)
box.append(gen)
show("reentered", lambda: loop_over(gen))
log = []
gen = with_cleanup(log)
print(next(gen), [x for x in [0]] and loop_over(zip(gen, range(1))))
gen.close()
print(log)


# One loop site resuming generators of its own function (recursion) and
# of others in turn: each resume keeps its own generator's layout.
class Leaf:
    def select(self, path):
        yield path


class Branch:
    def __init__(self, successor):
        self.successor = successor

    def select(self, path):
        for child in (path + "/a", path + "/b"):
            for found in self.successor.select(child):
                yield found


def walk(tree, depth):
    yield tree[0]
    if depth:
        for sub in tree[1:]:
            yield from walk(sub, depth - 1)
            for again in walk(sub, 0):
                yield again


print(sorted(Branch(Branch(Leaf())).select("r")))
print(list(walk(["a", ["b", ["c"]], ["d"]], 2)))
