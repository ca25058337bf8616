"""Mandelbrot set membership on a float grid (escape-time iteration)."""

DEFAULT_N = 350
NUMERIC = True  # counted in bench/run.py's numeric geometric mean


def mandel_row(y, size, max_iter):
    ci = 2.0 * y / size - 1.0
    bits = 0
    count = 0
    for x in range(size):
        cr = 2.0 * x / size - 1.5
        zr = 0.0
        zi = 0.0
        i = 0
        while i < max_iter:
            tr = zr * zr - zi * zi + cr
            zi = 2.0 * zr * zi + ci
            zr = tr
            if zr * zr + zi * zi > 4.0:
                break
            i += 1
        inside = i == max_iter
        bits = ((bits << 1) | (1 if inside else 0)) & 0xFFFFFFFF
        count += i
    return bits, count


def run(n):
    size = n
    total_bits = 0
    total_iter = 0
    for y in range(size):
        bits, count = mandel_row(y, size, 50)
        total_bits = (total_bits * 31 + bits) % 1000000007
        total_iter += count
    return total_bits * 1000003 + total_iter
