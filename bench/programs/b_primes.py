"""Integer loops: primes by trial division, prime factorization, Goldbach partitions."""

DEFAULT_N = 800000
NUMERIC = True  # counted in bench/run.py's numeric geometric mean


def primes_below(limit):
    """Trial division of each odd candidate by the primes found so far, up to its square root."""
    primes = [2]
    for candidate in range(3, limit, 2):
        is_prime = True
        for p in primes:
            if p * p > candidate:
                break
            if candidate % p == 0:
                is_prime = False
                break
        if is_prime:
            primes.append(candidate)
    return primes


def factor(value, primes):
    factors = []
    for p in primes:
        if p * p > value:
            break
        while value % p == 0:
            factors.append(p)
            value //= p
    if value > 1:
        factors.append(value)
    return factors


def goldbach_count(even, prime_set, primes):
    """Ways to write `even` as p + q with p <= q both prime."""
    count = 0
    for p in primes:
        if p > even // 2:
            break
        if even - p in prime_set:
            count += 1
    return count


def run(n):
    primes = primes_below(n)
    twins = 0
    gap_max = 0
    for i in range(1, len(primes)):
        gap = primes[i] - primes[i - 1]
        if gap == 2:
            twins += 1
        if gap > gap_max:
            gap_max = gap
    omega_total = 0
    for value in range(n - 20000, n):
        omega_total += len(factor(value, primes))
    prime_set = set(primes)
    partitions = 0
    for even in range(4, 4000, 2):
        partitions += goldbach_count(even, prime_set, primes)
    return "%d %d %d %d %d %d" % (len(primes), sum(primes) % 1000000007, twins, gap_max,
                                  omega_total, partitions)
