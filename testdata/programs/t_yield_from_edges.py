# `yield from` and `await` at their edges: a delegate whose __getattr__ is
# broken, StopIteration escaping an awaitable's iterator, and
# KeyboardInterrupt (a signal) arriving while a delegate runs.
import _thread
import asyncio
import inspect
import signal
import sys
import traceback


def unraisable(report):
    """The default hook's text; its source lines come from the traceback
    module, which reads a compiled module's embedded source."""
    print(f"{report.err_msg or 'Exception ignored in'}: {report.object!r}", file=sys.stderr)
    traceback.print_exception(report.exc_type, report.exc_value, report.exc_traceback)


sys.unraisablehook = unraisable


def report(label, step):
    try:
        print(label, step())
    except BaseException as error:
        print(label, "raised", type(error).__name__, error)
        traceback.print_exc(file=sys.stdout)


class Delegate:
    """An iterator whose other methods come from a __getattr__ that raises
    `error` (AttributeError or not) for the names in `broken`."""

    def __init__(self, error, broken):
        self.error, self.broken, self.n = error, broken, 0

    def __repr__(self):
        return f"<Delegate {self.error.__name__} {self.broken}>"

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration(f"done after {self.n - 1}")
        return self.n

    def __getattr__(self, name):
        if name in self.broken:
            raise self.error(f"no {name} here")
        if name == "send":
            return lambda value: f"sent {value}"
        raise AttributeError(name)


def delegator(target, log):
    log.append("start")
    try:
        result = yield from target
        log.append(f"result {result}")
    except Exception as error:
        log.append(f"caught {type(error).__name__}: {error}")
        yield "after the error"
    finally:
        log.append("finally")
    return "end"


for error in (AttributeError, ValueError):
    for broken in ("send", "throw", "close"):
        for action in ("send", "throw", "close"):
            log = []
            gen = delegator(Delegate(error, (broken,)), log)
            next(gen)
            label = f"{error.__name__} for {broken}, {action}:"
            if action == "send":
                report(label, lambda: gen.send(7))
            elif action == "throw":
                report(label, lambda: gen.throw(KeyError("thrown")))
            else:
                report(label, gen.close)
            print("  ", log, inspect.getgeneratorstate(gen))
            report("   then next:", lambda: next(gen))
            print("  ", log, inspect.getgeneratorstate(gen))
            gen.close()


# StopIteration out of an awaitable's iterator returns its value; out of a
# coroutine body it is a RuntimeError (PEP 479).
class StopsAtOnce:
    def __init__(self, value):
        self.value = value

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(self.value)


class StopsAfterOne(StopsAtOnce):
    def __await__(self):
        yield "pause"
        raise StopIteration(self.value)


async def awaits_stop(value):
    first = await StopsAtOnce(value)
    second = await StopsAtOnce(StopIteration("nested"))
    return first, repr(second)


async def raises_stop():
    await StopsAtOnce(1)
    raise StopIteration("from the body")


async def awaits_raiser():
    try:
        return await raises_stop()
    except RuntimeError as error:
        return f"RuntimeError {error} from {error.__cause__!r}"


def drive(coro):
    values = []
    try:
        while True:
            values.append(coro.send(None))
    except StopIteration as stop:
        return values, stop.value


report("stop at once:", lambda: drive(awaits_stop(5)))
report("stop in __await__:", lambda: drive(StopsAfterOne(6).__await__()))
report("await a raiser:", lambda: drive(awaits_raiser()))
report("raiser uncaught:", lambda: drive(raises_stop()))


def gen_raises_stop():
    yield 1
    raise StopIteration("in a generator")


def delegates_to_stop():
    return (yield from gen_raises_stop())


report("yield from a raiser:", lambda: list(delegates_to_stop()))


# What a delegating generator or coroutine shows of its delegate.
def inner_steps():
    yield "inner"
    return "inner done"


def outer_steps():
    got = yield from inner_steps()
    yield got


gen = outer_steps()
print(gen.gi_yieldfrom, next(gen), gen.gi_yieldfrom.__name__, next(gen), gen.gi_yieldfrom)


class Paused:
    def __await__(self):
        yield "paused"


async def pauses(awaitable):
    await awaitable


async def awaits_twice():
    shared = pauses(Paused())
    first = pauses(shared)
    print("first step:", first.send(None), first.cr_await is shared,
          type(shared.cr_await).__name__)
    try:
        await shared
    except RuntimeError as error:
        print("second await:", error)
    first.close()
    print("closed:", first.cr_await, shared.cr_await)


report("awaits twice:", lambda: drive(awaits_twice()))


# gen.throw into a delegate that returns (its value is the yield from's)
# or raises (the error is raised at the yield from, traceback and all).
def returns_when_thrown():
    try:
        yield "waiting"
    except KeyError as error:
        return f"returned after {error!r}"


def raises_when_thrown():
    yield "waiting"


def delegates(make):
    try:
        got = yield from make()
    except ValueError as error:
        got = f"caught {error!r}"
    yield got
    return "finished"


for make in (returns_when_thrown, raises_when_thrown):
    gen = delegates(make)
    print(next(gen), gen.gi_yieldfrom.__name__)
    report(f"{make.__name__} KeyError:", lambda: gen.throw(KeyError("k")))
    print("  ", gen.gi_yieldfrom, inspect.getgeneratorstate(gen))
    gen = delegates(make)
    next(gen)
    report(f"{make.__name__} ValueError:", lambda: gen.throw(ValueError("v")))


async def cancelled_inside():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        return "returned on cancel"


async def awaits_cancelled():
    return await cancelled_inside()


async def cancels():
    task = asyncio.ensure_future(awaits_cancelled())
    await asyncio.sleep(0)
    task.cancel()
    print("task:", await task)


asyncio.run(cancels())


# KeyboardInterrupt while a delegate runs: from the delegate itself, from
# a signal raised in it, and from interrupt_main (raised once that call
# returns, before the loop after it).
def interrupt(how):
    if how == "raise":
        raise KeyboardInterrupt("by hand")
    if how == "signal":
        signal.raise_signal(signal.SIGINT)
    else:
        _thread.interrupt_main()
        for _ in range(3):
            pass


def interrupts(how):
    yield "ready"
    interrupt(how)
    yield "not reached"


def outer_interrupted(how, log):
    try:
        yield from interrupts(how)
    except KeyboardInterrupt as error:
        log.append(f"outer caught {error!r}")
        raise
    finally:
        log.append("outer finally")


for how in ("raise", "signal", "main"):
    log = []
    gen = outer_interrupted(how, log)
    print(next(gen))
    report(f"interrupt {how}:", lambda: next(gen))
    print("  ", log, inspect.getgeneratorstate(gen))


async def sleeper(how):
    await asyncio.sleep(0)
    interrupt(how)
    await asyncio.sleep(0)
    return "slept"


async def main(how):
    try:
        return await sleeper(how)
    finally:
        print("main finally", how)


for how in ("signal", "main"):
    report(f"asyncio {how}:", lambda: asyncio.run(main(how)))

# The last one ends the program: its traceback is compared too.
gen = outer_interrupted("signal", [])
next(gen)
next(gen)
