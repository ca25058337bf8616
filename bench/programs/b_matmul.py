"""Float kernels on lists of floats: matrix products two ways, dot products, power iteration."""

DEFAULT_N = 180
NUMERIC = True  # counted in bench/run.py's numeric geometric mean


def random_matrix(rows, cols, seed):
    m = []
    x = seed
    for i in range(rows):
        row = []
        for j in range(cols):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            row.append((x % 20001) / 10000.0 - 1.0)
        m.append(row)
    return m


def transpose(m):
    return [[m[i][j] for i in range(len(m))] for j in range(len(m[0]))]


def dot(a, b):
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total


def matmul_dot(a, b):
    """Row-by-column products, one dot() call per entry."""
    bt = transpose(b)
    return [[dot(row, col) for col in bt] for row in a]


def matmul_rows(a, b):
    """The i-k-j loop order: accumulates scaled rows of b into each row of the result."""
    cols = len(b[0])
    out = []
    for a_row in a:
        acc = [0.0] * cols
        for k in range(len(b)):
            scale = a_row[k]
            b_row = b[k]
            for j in range(cols):
                acc[j] += scale * b_row[j]
        out.append(acc)
    return out


def mat_vec(m, v):
    return [dot(row, v) for row in m]


def norm(v):
    return dot(v, v) ** 0.5


def power_iteration(m, steps):
    """Dominant eigenvalue estimate of a symmetric matrix."""
    v = [1.0] * len(m)
    estimate = 0.0
    for _ in range(steps):
        w = mat_vec(m, v)
        estimate = dot(v, w) / dot(v, v)
        length = norm(w)
        v = [x / length for x in w]
    return estimate


def frobenius(m):
    total = 0.0
    for row in m:
        for x in row:
            total += x * x
    return total ** 0.5


def run(n):
    a = random_matrix(n, n, 7)
    b = random_matrix(n, n, 11)
    c1 = matmul_dot(a, b)
    c2 = matmul_rows(a, b)
    diff = 0.0
    for r1, r2 in zip(c1, c2):
        for x, y in zip(r1, r2):
            d = abs(x - y)
            if d > diff:
                diff = d
    sym = matmul_rows(a, transpose(a))
    eig = power_iteration(sym, 40)
    trace = 0.0
    for i in range(n):
        trace += c1[i][i]
    return "%.6f %.6f %.6f %d" % (trace, frobenius(c2), eig, diff < 1e-9)
