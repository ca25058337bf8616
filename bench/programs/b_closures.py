"""Mixed: closures, decorators (memoize, counting, validation), functools.partial, lambdas."""

import functools

DEFAULT_N = 200000


def counted(fn):
    calls = [0]

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        calls[0] += 1
        return fn(*args, **kwargs)

    wrapper.calls = calls
    return wrapper


def memoize(fn):
    cache = {}

    def wrapper(*args):
        if args in cache:
            return cache[args]
        result = fn(*args)
        cache[args] = result
        return result

    wrapper.cache = cache
    return wrapper


def check_positive(fn):
    def wrapper(x, *rest, **kwargs):
        if x < 0:
            x = -x
        return fn(x, *rest, **kwargs)
    return wrapper


def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count

    return step


def make_adders(k):
    return [lambda x, i=i: x + i * k for i in range(8)]


def compose(*fns):
    def composed(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return composed


@counted
@check_positive
def poly(x, a=3, b=5):
    return (a * x * x + b * x + 7) % 1000003


@memoize
def collatz_len(x):
    if x == 1:
        return 1
    if x % 2 == 0:
        return 1 + collatz_len(x // 2)
    return 1 + collatz_len(3 * x + 1)


def run(n):
    counter = make_counter(10)
    adders = make_adders(3)
    pipeline = compose(functools.partial(poly, a=2), adders[5], lambda v: v ^ 0x55)
    total = 0
    for i in range(n):
        total = (total + pipeline(i) + poly(-i, b=i % 9)) % 1000000007
        if i % 3 == 0:
            counter(2)
        else:
            counter()
    longest = 0
    for i in range(1, n // 4):
        c = collatz_len(i)
        if c > longest:
            longest = c
    return "%d|%d|%d|%d|%d" % (total, counter(0), poly.calls[0], longest, len(collatz_len.cache))
