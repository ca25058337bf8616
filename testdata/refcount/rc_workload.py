"""Exercises every native op, its success and its error paths, for the
reference-count test: each function here must compile to native code."""

import math
import sys

COUNTER = 0


class Point:
    ORIGIN = (0.0, 0.0)  # a plain class value, read through instances

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)

    def norm2(self):
        return self.x * self.x + self.y * self.y


def arithmetic(n):
    total = 0
    f = 0.5
    big = 10 ** 30
    for i in range(n):
        total += i * 3 - i // 2 + i % 7
        f = f * 1.5 - f / 3.0
        big = big + i
        total ^= i & 0xFF | 1
    return total, f, big - 10 ** 30, -total, +f, ~total


def containers(n):
    items = [0, 1, 2] if n < 0 else [1, 2, 3]
    pairs = {"a": 1, "b": n}
    seen = {1, 2, n}
    frozen = (n, "x", None)
    items.append(n)
    items.append([n])  # popped inline: the list's reference becomes the result's
    popped = items.pop()
    pairs["c"] = items[1:3]
    del pairs["a"]
    items[0] = pairs
    sliced = items[::2]
    return len(items), sliced, n in seen, "z" not in pairs, frozen[0], seen, popped


def strings(name, n):
    text = f"{name!r}:{n:>5}|{n + 1}|{name}"
    text += "%s=%-4r %5.2s%%" % (name, n, name)
    parts = text.split("|")
    first, second, third = parts
    return first.upper() + second.strip() + third


def control(n):
    out = []
    i = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        if i > 7:
            break
        out.append(i)
    else:
        out.append("no-break")
    for x in out:
        if x == 3:
            break
    else:
        out.append("never")
    result = 1 < n <= 10 and (n or None)
    return out, result, (n if n > 3 else -n), not out


def fails(kind):
    if kind == 0:
        return missing_global
    if kind == 1:
        return (1).nothing
    if kind == 2:
        a, b = [1, 2, 3]
        return a
    if kind == 3:
        assert kind == 4, f"kind is {kind}"
    if kind == 4:
        return {}["key"]
    if kind == 5:
        return 1 / 0
    if kind == 6:
        local = 1
        del local
        return local
    if kind == 7:
        from os import no_such_name
        return no_such_name
    return Point(1, 2).moved(dz=3)


def uses_globals(n):
    global COUNTER
    COUNTER = COUNTER + n
    return COUNTER


def methods(n):
    p = Point(1.0, 2.0)
    for i in range(n):
        p = p.moved(1, dy=2)
        p.x += 0.5  # a float attribute: into its box, or a new one
        p.steps = i
        p.steps += 2 ** 62  # an int attribute, past 64 bits on the second turn
        origin = p.ORIGIN
    return p.norm2(), sorted([3, 1, 2], key=abs, reverse=True), p.steps, origin


class Dynamic:
    def __getattr__(self, name):
        if name == "missing":
            raise AttributeError(name)
        return lambda *a, **k: (name, a, k)


class AppendingList(list):
    pass


def method_sender(obj):
    return obj.moved((yield [obj]), dy=(yield [obj, 1]))


def method_calls(n):
    """LoadMethod's two values: found on the type (a self) or an attribute
    (none), kept across a yield, released when the lookup, the arguments or
    the call fail, or when the generator is dropped suspended."""
    out = []
    p = Point(1, 2)
    d = Dynamic()
    for obj in (p, d, 5):
        try:
            obj.missing([n], {"k": [n]})
        except AttributeError:
            out.append("lookup")
        try:
            obj.moved([n], 1 / 0)
        except (AttributeError, ZeroDivisionError):
            out.append("argument")
    try:
        p.moved(1, 2, 3, [n])
    except TypeError:
        out.append("call")
    out.append(d.anything([n], key=[n]))
    out.append(sys.intern("m" + str(n)))
    for items in ([], AppendingList()):
        items.append([n])
        out.append(items)
    out.append("-".join(str(i) for i in range(n)))
    for obj in (p, d):
        g = method_sender(obj)
        next(g)
        g.send(n)
        try:
            g.send(2)
        except StopIteration as stop:
            out.append(stop.value)
        g = method_sender(obj)
        next(g)
        del g  # dropped with the method and its self saved
        g = method_sender(obj)
        next(g)
        try:
            g.throw(ValueError([n]))
        except ValueError:
            out.append("thrown")
    return out


def walrus(values):
    if (count := len(values)) > 2:
        return count
    return -count


def long_jump(x):
    # 258 code units: the trampoline's jump over them after RESUME is 256
    # units less its own prefix, whose argument would be 0 (the debug
    # interpreter asserts against EXTENDED_ARG 0). Called from bytecode,
    # which runs the trampoline once the call is specialized.
    x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1
    x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1
    x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1
    x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1
    x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1
    x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1; x = x + 1
    return x


def round_trip(n):
    arithmetic(n)
    containers(n)
    strings("name", n)
    control(n)
    uses_globals(1)
    methods(n)
    method_calls(n)
    walrus([1, 2, 3])
    closures(n)
    unpacking_calls([1, 2], {"z": 3})
    handlers([1, 0, "7", "x", 2])
    with_blocks(3)
    finally_paths(4)
    generator_paths(n)
    except_as_return("k")
    fast_paths(n)
    imports()
    unpack_targets([n, "a", "b", n])
    local_class(n)
    del_names(False)
    namespace_bodies(n)
    call_binding(n)
    float_trees(float(n))
    reads_locals(n)
    int_trees(n)
    match_paths(n)
    profiled(n)
    faults(n)
    return walrus([])


def grown_string(n):
    text = ""
    for i in range(n * 20):
        text += "piece"
    alias = text
    text += "x"
    return len(text) + len(alias)


def out_of_memory(kind):
    try:
        if kind == 0:
            return bytearray(1 << 62)
        if kind == 1:
            return [None] * (1 << 62)
        return "x" * (1 << 62)
    except MemoryError as e:
        return str(e)


def runaway(n):
    return runaway(n + 1) + 1


def deep(n):
    return 0 if n == 0 else deep(n - 1) + 1


def faults(n):
    out = [grown_string(n)]
    for kind in range(3):
        out.append(out_of_memory(kind))
    try:
        runaway(0)
    except RecursionError as e:
        out.append(str(e))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20000)  # deep enough for a stack segment
    try:
        out.append(deep(15000))
    finally:
        sys.setrecursionlimit(limit)
    return out


def profiled_calls(n):
    items = []
    items.append(n)
    text = "-".join(str(i) for i in range(n)).upper()
    try:
        {}.pop("missing")
    except KeyError:
        pass
    return max(*items, 0), len(text), sorted(items, reverse=True)


def profiled(n):
    """Built-in calls of native code between profiler events."""
    seen = []
    sys.setprofile(lambda frame, event, arg: seen.append(event))
    try:
        profiled_calls(n)
    finally:
        sys.setprofile(None)
    return len(seen)


def except_as_return(key):
    try:
        return {}[key]
    except KeyError as error:
        return error.args


def closures(n):
    base = n

    def add(x, y=1, *, z=2):
        return base + x + y + z

    squares = [i * i for i in range(n) if i]
    table = {i: add(i) for i in range(3)}
    total = sum(i for i in squares)
    return add(1), squares, table, total, (lambda k=base: k + base)()


def unpacking_calls(args, kwargs):
    def collect(*a, **k):
        return a, k

    return collect(*args), collect(1, *args, 2, x=1, **kwargs), collect(**kwargs)


class BadStr:
    def __repr__(self):
        raise ValueError("no repr")


def raises(kind):
    if kind == 0:
        raise ValueError("bad value")
    if kind == 1:
        raise KeyError("k") from ValueError("cause")
    if kind == 2:
        raise TypeError
    if kind == 3:
        return unpacking_calls([1], 5)
    if kind == 4:
        return unpacking_calls(7, {})
    if kind == 5:
        return handler_reraise(kind)
    if kind == 6:
        return handler_raise_in_clause(kind)
    if kind == 7:
        return with_propagates(kind)
    if kind == 8:
        return finally_propagates(kind)
    if kind == 9:
        return "%s and %r" % (kind, BadStr())
    if kind == 10:
        p = Point(1, 2)
        p.x, *p.rest, p.y = [kind]
    if kind == 11:
        p = Point(1, 2)
        p.x, p.y = [kind, kind, kind]
    if kind == 12:
        return {"a": kind, **[kind]}
    if kind == 13:
        return [kind, *{kind}, {*[kind], *[[kind]]}]
    if kind == 14:
        p = Point(1, 2)
        del p.z
    if kind == 15:
        class Broken(kind):
            pass
    if kind == 16:
        return del_names(True)
    if kind == 17:
        global NOT_DEFINED
        del NOT_DEFINED
    return unpacking_calls([1], {"x": 2})


def handlers(values):
    out = []
    for v in values:
        try:
            out.append(10 // v)
        except ZeroDivisionError as error:
            out.append(str(error))
            for reraise in (bare_raise, bare_raise_in_try):
                try:
                    reraise()
                except ZeroDivisionError as again:
                    out.append(again is error)
            continue
        except TypeError:
            try:
                out.append(int(v))
            except ValueError:
                out.append("bad")
        else:
            out.append("ok")
    return out


def bare_raise():
    raise  # the caller's exception, no traceback entry of its own


def bare_raise_in_try():
    try:
        raise
    except KeyError:
        return "not this one"


def handler_reraise(v):
    try:
        return [][v]
    except IndexError:
        raise


def handler_raise_in_clause(v):
    try:
        return {}[v]
    except KeyError as error:
        raise ValueError(v) from error


class Manager:
    def __init__(self, swallow):
        self.swallow = swallow

    def __enter__(self):
        return [self.swallow]

    def __exit__(self, kind, value, traceback):
        return self.swallow


def with_blocks(n):
    out = []
    for i in range(n):
        with Manager(True) as value, Manager(False):
            out.append(value)
            if i == 1:
                continue
        with Manager(True):
            raise KeyError(i)
    return out


def with_propagates(v):
    with Manager(False):
        return [][v]


def finally_paths(n):
    out = []
    for i in range(n):
        try:
            if i == 1:
                continue
            if i == 2:
                raise ValueError(i)
            out.append(i)
        except ValueError as error:
            out.append(str(error))
        finally:
            out.append("f")
    try:
        return out
    finally:
        out.append("end")


def finally_propagates(v):
    try:
        return {}[v]
    finally:
        v = None


def counter(n, box):
    total = 0
    try:
        for i in range(n):
            got = yield [i, box]
            if got is not None:
                total += got
    finally:
        box.append(total)
    return total


def delegating(n, box):
    result = yield from counter(n, box)
    more = yield from (x * 2 for x in range(n))
    return result, more


class Throwing:
    """An iterator with throw() and close(), not a generator."""

    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration(self.i)
        return self.i

    def throw(self, error):
        if isinstance(error, KeyError):
            raise StopIteration("thrown")
        raise error

    def close(self):
        self.i = 99


def delegating_to_iterator():
    result = yield from Throwing()
    return result


def catching(values):
    for v in values:
        try:
            yield v
        except ValueError as error:
            yield str(error)


async def awaited(x):
    return [x]


async def awaiting(n):
    total = []
    for i in range(n):
        total += await awaited(i)
    return total


def generator_paths(n):
    box = []
    gen = counter(n, box)
    out = [next(gen), gen.send(5)]
    gen.close()  # GeneratorExit at the yield: finally runs
    out.append(list(delegating(n, box)))
    gen = delegating(n, box)
    next(gen)
    try:
        gen.throw(KeyError("k"))  # through yield from, out of both
    except KeyError:
        pass
    gen = delegating_to_iterator()
    next(gen)
    try:
        gen.throw(KeyError("k"))  # the iterator's throw() ends the delegation
    except StopIteration as stop:
        out.append(stop.value)
    gen = delegating_to_iterator()
    next(gen)
    gen.close()
    gen = catching(["a", "b"])
    out.append(next(gen))
    out.append(gen.throw(ValueError("v")))
    out.append(list(gen))
    gen = catching(["a"])
    next(gen)
    del gen  # dropped while suspended: closed by CPython
    coro = awaiting(n)
    try:
        coro.send(None)
    except StopIteration as stop:
        out.append(stop.value)
    unstarted = counter(n, box)
    del unstarted
    out.append(run_async(async_paths(n)))
    return out, box


def run_async(coro):
    """Drives a coroutine whose awaits never really suspend."""
    try:
        while True:
            coro.send(None)
    except StopIteration as stop:
        return stop.value


class AsyncCounter:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n <= 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


class AsyncManager:
    def __init__(self, swallow):
        self.swallow = swallow

    async def __aenter__(self):
        return [self]

    async def __aexit__(self, kind, value, traceback):
        return self.swallow


async def async_numbers(n):
    for i in range(n):
        received = yield [i]
        if received:
            yield received
    try:
        yield "last"
    finally:
        n = None


async def async_paths(n):
    out = [x async for x in AsyncCounter(n)]
    async for x in async_numbers(n):
        out.append(x)
    gen = async_numbers(n)
    out.append(await gen.asend(None))
    out.append(await gen.asend("sent"))
    await gen.aclose()
    async with AsyncManager(True) as entered:
        out.append(entered)
        raise KeyError("swallowed")
    try:
        async with AsyncManager(False):
            raise KeyError("propagates")
    except KeyError:
        pass
    try:
        async for x in 5:
            pass
    except TypeError:
        pass
    return out


class Cell:
    __slots__ = ("value", "other")

    def __init__(self, value):
        self.value = value

    @property
    def doubled(self):
        return self.value * 2


class Strict:
    def __init__(self, n):
        if n < 0:
            raise ValueError(n)
        self.n = n


class LooseStrict(Strict):
    @property
    def doubled(self):
        return self.n * 2

    def bump(self):
        self.n += 1
        return self.n


Strict.bump = LooseStrict.bump


class ReturnsValue:
    def __init__(self):
        return 1


def captures(value):
    return lambda: value  # `value` is an argument that is also a cell


def fast_paths(n):
    def inner(k):
        return k + n  # a closure, called directly
    out = [inner(1), captures(n)()]
    for i in range(n):
        cell = Cell(i)
        cell.value = cell.value + 1
        cell.other = cell.doubled
        out.append((cell.value, cell.other, Strict(i).n, math.pi > 3))
    for i in range(n):  # sites that see two or three receiver types
        for obj in (Strict(i), LooseStrict(i), Cell(i)):
            if not isinstance(obj, Cell):
                obj.n = obj.n + 1
                out.append(obj.bump())
            out.append(getattr(obj, "doubled", None))
    grown = []
    for i in range(n * 3):
        grown.append(str(i))  # appended directly, growing past the allocation
    text = "aé€😀"
    out.append((grown, [text[i % 4] for i in range(-n, n)]))
    for seq in (grown, tuple(grown), "abcdef" * n, b"bytes"):
        out.append((seq[1:n], seq[:], seq[-n:], seq[n:1], seq[: 2 ** 70], seq[None:-1]))
    for bad in (lambda: Strict(-1), ReturnsValue, lambda: Cell(1).missing, lambda: Cell()):
        try:
            bad()
        except (ValueError, TypeError, AttributeError):
            pass
    return out


def imports():
    import os.path
    import os.path as osp
    from collections import OrderedDict as OD, deque
    return os.sep, osp.join("a", "b"), OD, deque


def unpack_targets(seq):
    p = Point(0, 0)
    p.x, (p.y, *rest), *middle, last = seq[0], "xyz", *seq
    head, *tail = seq
    merged = {"k": head, **{"m": tail}, "z": last, **{}}
    return p.x, p.y, rest, middle, last, head, tail, merged, [*tail, head], {*tail, head}


def local_class(n):
    class Local(Point):
        scale = n

        def norm2(self):
            return super().norm2() * self.scale

    p = Local(1, 2)
    p.extra = n
    del p.extra
    return p.norm2(), Local.__qualname__


SCRATCH = None


def del_names(twice):
    global SCRATCH
    cell = [twice]

    def read():
        return cell
    del cell
    SCRATCH = [1]
    del SCRATCH
    if twice:
        del cell
    return read


class RecordingNamespace(dict):
    def __setitem__(self, key, value):
        super().__setitem__(key, value)


class RecordingMeta(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return RecordingNamespace()

    def __new__(mcs, name, bases, namespace):
        return super().__new__(mcs, name, bases, dict(namespace))


def namespace_bodies(n):
    """Class bodies: namespace names (a dict and another mapping), the
    enclosing cell, annotations, docstring, __classcell__, an except clause,
    and a body that fails."""
    outer = [n]

    class Body(metaclass=RecordingMeta):
        "doc"
        size: int = n
        seen = outer
        doubled = [size * 2 for size in outer]
        try:
            del size
            size
        except NameError as e:
            message = str(e)

        def method(self):
            return __class__

    class Plain:
        total = sum(outer)
        del total

        def method(self):
            return super().__init_subclass__

    try:
        class Failing:
            first = outer
            second = first + missing_name  # noqa: F821
    except NameError:
        pass
    return Body().method(), Plain().method(), Body.doubled


def binds(a, b=2, *args, c, d=4, **kwargs):
    return a, b, args, c, d, kwargs


def call_binding(n):
    """Arguments bound by the native vectorcall entry, and calls it hands
    back to the interpreter (wrong ones among them)."""
    import functools
    results = [binds(n, c=1), binds(1, 2, 3, 4, c=5, e=6), functools.partial(binds, c=n)(7),
               sorted([2, 1], key=functools.partial(binds, c=0))]
    for bad in ({}, {"a": 1, "c": 2}, {"c": 1, "b": 2}):
        try:
            binds(1, 2, **bad) if "b" in bad else binds(1, **bad) if "a" in bad else binds(1)
        except TypeError:
            pass
    return results


def float_trees(x):
    """Float arithmetic kept unboxed, and each way it falls back (an int, a
    user type, a zero divisor) with the unboxed value boxed for it."""
    results = [x * x + x / 2.0 - 1.0, (x + 1) * x - x / x, x * [1.0][0] + x * 2]
    for divisor in (0.0, "s"):
        try:
            results.append(x * 2.0 + x / divisor)
        except (ZeroDivisionError, TypeError):
            pass
    try:
        results.append(x * x + None)
    except TypeError:
        pass
    for limit in (1.0, 10 ** 20, "s"):
        try:
            if x * x + 1.0 > limit:
                results.append(limit)
        except TypeError:
            pass
    return results


class Shape:
    __match_args__ = ("kind", "size")

    def __init__(self, kind, size):
        self.kind = kind
        self.size = size

    @property
    def broken(self):
        raise ValueError("broken")


class Unsized(list):
    def __len__(self):
        raise OverflowError("no len")


class Liar(list):
    def __len__(self):
        return 2


class NoKeys(dict):
    def __iter__(self):
        return iter(())

    def keys(self):
        raise LookupError("no keys")


def match_one(v):
    match v:
        case [] | ():
            return "empty"
        case [x, *_, 0] if x:
            return x
        case [x, *rest, y]:
            return x, rest, y
        case {"k": [a, b], **rest}:
            return a, b, rest
        case {"k": int(k)}:
            return k
        case Shape("circle", size=r) if r > 1:
            return r
        case Shape(k, s) as shape:
            return k, s, shape
        case int(n) | float(n) if n < 0:
            return -n
        case None | True:
            return v
        case "text" | b"text" as t:
            return t
        case _:
            return "other"


def match_fails(kind, v):
    match kind, v:
        case (0, Shape(a, b, c)):  # too many positional sub-patterns
            return a, b, c
        case (1, Shape(broken=b)):
            return b
        case (2, {Shape.__name__: 1, "Shape": 2}):  # a duplicate key
            return kind
        case (3, [x, *_]):
            return x
        case (4, [x, y]):
            return x, y
        case (5, {"k": x, **rest}):
            return x, rest
    return None


def match_gen(items):
    for item in items:
        match item:
            case (key, value):
                yield key, value
            case str(text):
                yield text


def match_paths(n):
    out = []
    for v in ([], (1, 2, 0), [0, 2, 3, 4], {"k": [1, 2], "x": 3}, {"k": 5}, {"k": "s"},
              Shape("circle", n + 2), Shape("square", n), -1.5, None, b"text", object()):
        out.append(match_one(v))
    for kind, v in ((0, Shape(1, 2)), (1, Shape(1, 2)), (2, {"Shape": 1, "x": 2}),
                    (3, Unsized([1])), (4, Liar([1, 2, 3])), (5, NoKeys(k=1))):
        try:
            out.append(match_fails(kind, v))
        except (TypeError, ValueError, OverflowError, LookupError):
            pass
    out.extend(match_gen([("a", 1), "b", 3]))
    return out


def reads_locals(n):
    """A directly called native function whose frame makes its f_locals dict."""
    def inner(w):
        return sorted(locals())
    return inner(n)


def int_trees(n):
    """Int arithmetic kept unboxed, and each way it falls back (past 64
    bits, a zero divisor, a negative shift, another type), the number
    boxed for the generic operation."""
    big = 2 ** 40
    results = [(n * 31 + 7) % 1000003, (big * big + n) // 3, ((n << 3) >> 1) ^ 5, (n * 3) // (n - n or 1)]
    wide = big * big
    wide *= -3  # a many-digit int times a one-digit int
    results.append((wide * (n + 1), n * wide, wide * 0))
    for bad in (0, -1, "s"):
        try:
            results.append((n * 2 + 1) // bad if bad != -1 else (n + 1) << bad)
        except (ZeroDivisionError, ValueError, TypeError):
            pass
    for limit in (5, big * big * big, 2.5, "s"):
        try:
            if n * n + 1 <= limit:
                results.append(limit)
        except TypeError:
            pass
    return results
