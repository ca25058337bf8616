"""Complex arithmetic: big-number multiplication by FFT convolution, and a Julia set."""

import math

DEFAULT_N = 16
NUMERIC = True  # counted in bench/run.py's numeric geometric mean
MODULUS = 1000000007


def unit_roots(size):
    """exp(2*pi*i*k/size) for k < size/2, computed directly (no drift from repeated products)."""
    roots = []
    for k in range(size // 2):
        angle = 2.0 * math.pi * k / size
        roots.append(complex(math.cos(angle), math.sin(angle)))
    return roots


def bit_reverse_permute(a):
    n = len(a)
    j = 0
    for i in range(1, n):
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j |= bit
        if i < j:
            a[i], a[j] = a[j], a[i]


def fft(a, roots, inverse):
    """In-place iterative radix-2 transform; len(a) is a power of two."""
    n = len(a)
    bit_reverse_permute(a)
    span = 2
    while span <= n:
        half = span // 2
        stride = n // span
        for start in range(0, n, span):
            for k in range(half):
                w = roots[k * stride]
                if inverse:
                    w = w.conjugate()
                lo = a[start + k]
                hi = a[start + k + half] * w
                a[start + k] = lo + hi
                a[start + k + half] = lo - hi
        span *= 2
    if inverse:
        for i in range(n):
            a[i] = a[i] / n


def digits(count, seed):
    out = []
    x = seed
    for _ in range(count):
        x = (x * 69069 + 1) & 0xFFFFFFFF
        out.append((x >> 16) % 10)
    return out


def multiply(xs, ys):
    """Product of two little-endian decimal digit lists."""
    size = 1
    while size < len(xs) + len(ys):
        size *= 2
    roots = unit_roots(size)
    fa = [complex(d, 0) for d in xs] + [0j] * (size - len(xs))
    fb = [complex(d, 0) for d in ys] + [0j] * (size - len(ys))
    fft(fa, roots, False)
    fft(fb, roots, False)
    prod = [fa[i] * fb[i] for i in range(size)]
    fft(prod, roots, True)
    result = []
    carry = 0
    for z in prod:
        carry += int(round(z.real))
        result.append(carry % 10)
        carry //= 10
    while carry:
        result.append(carry % 10)
        carry //= 10
    while len(result) > 1 and result[-1] == 0:
        result.pop()
    return result


def residue(ds):
    """The number with little-endian digits ds, modulo MODULUS."""
    value = 0
    for d in reversed(ds):
        value = (value * 10 + d) % MODULUS
    return value


def julia_escape_total(c, width, height, limit):
    total = 0
    for row in range(height):
        for col in range(width):
            z = complex(-1.6 + 3.2 * col / width, -1.2 + 2.4 * row / height)
            count = 0
            while count < limit and abs(z) <= 2.0:
                z = z * z + c
                count += 1
            total += count
    return total


def run(n):
    length = 1 << (n - 1)
    xs = digits(length, 3)
    ys = digits(length, 5)
    prod = multiply(xs, ys)
    # Check the rounded FFT product against the exact product, modulo a prime.
    exact = residue(xs) * residue(ys) % MODULUS
    digit_sum = sum(prod)
    escapes = julia_escape_total(complex(-0.8, 0.156), 200, 150, 80)
    return "%d %d %d %d" % (len(prod), digit_sum, residue(prod) == exact, escapes)
