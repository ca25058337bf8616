# Comprehension and generator-expression bodies compiled natively: nested
# loops and filters, every kind, closures, walrus, errors with tracebacks,
# generator expressions driven by send/throw/close, async comprehensions.
import asyncio
import sys
import traceback


def kinds(xs, ys, n):
    pairs = [(x, y) for x in xs if x if x > 1 for y in ys if y != "b"]
    squares = {x: x * x for x in xs}
    residues = {x % n for x in xs}
    nested = [[y for y in range(x)] for x in xs]
    lazy = (x + n for x in xs)
    return pairs, squares, sorted(residues), nested, list(lazy)


def closures_and_walrus(xs):
    scale = 3
    scaled = [x * scale for x in xs]
    last = None
    found = [last := x for x in xs if x % 2]
    total = sum(v for v in scaled if v > scale)
    return scaled, found, last, total


def unpacking(rows):
    return [f"{k}={v}" for k, (v, _) in rows], {a: b for a, *b in [(1, 2, 3), (4, 5)]}


def failing(xs):
    return [10 // x for x in xs]


def failing_filter(xs):
    return {x for x in xs if x.upper()}


def not_iterable():
    return [x for x in 5]


def driven():
    gen = (x * 2 for x in range(5))
    out = [next(gen), gen.send(None)]
    try:
        gen.throw(ValueError("into the genexpr"))
    except ValueError:
        traceback.print_exc(file=sys.stdout)
    out.append(list(gen))
    gen = (x for x in range(3))
    next(gen)
    gen.close()
    out.append(list(gen))
    return out


async def numbers(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def async_comprehensions(n):
    evens = [x async for x in numbers(n) if x % 2 == 0]
    doubled = [await asyncio.sleep(0, x * 2) for x in range(n)]
    lazy = (x * 10 async for x in numbers(n))
    collected = [y async for y in lazy]
    return evens, doubled, collected


print(kinds([0, 1, 2, 3], "abc", 2))
print(closures_and_walrus([1, 2, 3, 4, 5]))
print(unpacking([("a", (1, 0)), ("b", (2, 0))]))
for thunk in (lambda: failing([5, 0]), lambda: failing_filter(["a", 3]), not_iterable):
    try:
        thunk()
    except Exception:
        traceback.print_exc(file=sys.stdout)
print(driven())
print(asyncio.run(async_comprehensions(5)))
