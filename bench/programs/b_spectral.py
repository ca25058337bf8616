"""Spectral norm of an infinite matrix: a small function called from two nested loops."""

DEFAULT_N = 360
NUMERIC = True  # counted in bench/run.py's numeric geometric mean


def entry(i, j):
    """A[i][j] = 1 / (index of (i, j) along the anti-diagonals, counted from 1)."""
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)


def times_a(v, out):
    n = len(v)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += entry(i, j) * v[j]
        out[i] = total


def times_a_transposed(v, out):
    n = len(v)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += entry(j, i) * v[j]
        out[i] = total


def times_ata(v, out, scratch):
    times_a(v, scratch)
    times_a_transposed(scratch, out)


def run(n):
    u = [1.0] * n
    v = [0.0] * n
    scratch = [0.0] * n
    for _ in range(10):
        times_ata(u, v, scratch)
        times_ata(v, u, scratch)
    uv = 0.0
    vv = 0.0
    for i in range(n):
        uv += u[i] * v[i]
        vv += v[i] * v[i]
    return "%.9f" % ((uv / vv) ** 0.5)
