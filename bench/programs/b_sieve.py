"""Integer work: sieve of Eratosthenes plus a segmented prime count and digit sums."""

DEFAULT_N = 2000000
NUMERIC = True  # counted in bench/run.py's numeric geometric mean


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            j = i * i
            while j <= limit:
                flags[j] = False
                j += i
        i += 1
    return flags


def digit_sum(k):
    s = 0
    while k:
        s += k % 10
        k //= 10
    return s


def run(n):
    flags = sieve(n)
    count = 0
    acc = 0
    gaps = {}
    last = 2
    for k in range(2, n + 1):
        if flags[k]:
            count += 1
            acc = (acc + k * digit_sum(k)) % 1000000007
            g = k - last
            gaps[g] = gaps.get(g, 0) + 1
            last = k
    widest = max(gaps)
    return count * 1000000007 + acc + widest
