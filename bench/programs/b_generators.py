"""Generators: a pipeline of generator functions (source, filter, window, map, batch)."""

DEFAULT_N = 800000


def numbers(n):
    x = 1
    for i in range(n):
        x = (x * 48271) % 2147483647
        yield x


def only_odd_bucket(xs):
    for x in xs:
        if (x >> 3) & 1:
            yield x


def scaled(xs, k):
    for x in xs:
        yield (x % 10007) * k


def sliding_sum(xs, width):
    window = []
    total = 0
    for x in xs:
        window.append(x)
        total += x
        if len(window) > width:
            total -= window.pop(0)
        if len(window) == width:
            yield total


def batched(xs, size):
    batch = []
    for x in xs:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def pairs(xs):
    it = iter(xs)
    prev = next(it, None)
    for x in it:
        yield prev, x
        prev = x


def run(n):
    pipeline = sliding_sum(scaled(only_odd_bucket(numbers(n)), 3), 8)
    checksum = 0
    nbatches = 0
    for batch in batched(pipeline, 64):
        nbatches += 1
        m = max(batch)
        s = sum(x % 101 for x in batch)
        checksum = (checksum * 17 + m + s) % 1000000007
    ups = sum(1 for a, b in pairs(numbers(n // 2)) if b > a)
    squares = sum(y for y in (x * x % 97 for x in range(n)) if y & 1)
    return "%d|%d|%d|%d" % (checksum, nbatches, ups, squares)
