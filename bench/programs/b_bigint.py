"""Big integers: factorials, a pidigits spigot, and big Fibonacci by fast doubling."""

DEFAULT_N = 3000


def pidigits(count):
    digits = []
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    while len(digits) < count:
        if 4 * q + r - t < m * t:
            digits.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = (q * k, (2 * q + r) * x, t * x, k + 1,
                                (q * (7 * k + 2) + r * x) // (t * x), x + 2)
    return digits


def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r


def fib_pair(n):
    if n == 0:
        return 0, 1
    a, b = fib_pair(n // 2)
    c = a * (2 * b - a)
    d = a * a + b * b
    if n % 2 == 0:
        return c, d
    return d, c + d


def run(n):
    digits = pidigits(n)
    pi_check = 0
    for d in digits:
        pi_check = (pi_check * 10 + d) % 1000000007
    f = factorial(n * 3)
    trailing = 0
    while f % 10 == 0:
        f //= 10
        trailing += 1
    fb, _ = fib_pair(n * 50)
    binom = factorial(2 * n) // (factorial(n) * factorial(n))
    return "%d|%d|%d|%d|%d" % (pi_check, trailing, f % 1000000007,
                               fb % 998244353, binom.bit_length())
