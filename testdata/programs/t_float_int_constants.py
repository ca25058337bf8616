"""Float arithmetic in loops beside int constants (2 * x, x / 3, x ** 2),
float ** float, and comparisons of floats with ints, at the edges where a
double is not the exact answer: every result and error as CPython's."""


def polynomial(n):
    x = 0.5
    total = 0.0
    for i in range(n):
        x = x * 2 - x / 3 + 1
        total += 3 * x ** 2 - x ** -1 + 2 ** x / 7
    return x, total


def big_int_constants(x):
    out = []
    for k in range(3):
        x = x + 2 ** 62 - 2 ** 62
        out.append(x * 2 ** 63)  # beyond int64: converted by the generic path
        out.append(x - 9007199254740993)  # 2**53 + 1: rounded as CPython rounds
        out.append(x + True)
    return out


def compare_with_ints(values):
    out = []
    for x in values:
        out.append((x < 9007199254740993, x == 9007199254740993, x > -1, x <= 2 ** 60 + 1,
                    x != 0, x >= 2 ** 70))
    return out


def int_true_division(n):
    i = 2 ** 60 + 1
    out = []
    for k in range(n):
        out.append(i / 3)
        out.append(i / 3.0)
        i += 2 ** 55 + 1
    return out


def powers(bases, exponents):
    out = []
    for a in bases:
        for b in exponents:
            try:
                r = a * 1.0 ** b  # 1.0 ** b first: as the source parses it
                r = (a * 1.0) ** b
                out.append(repr(r))
            except (ZeroDivisionError, OverflowError, ValueError) as e:
                out.append(type(e).__name__ + ": " + str(e))
    return out


def power_loop(n):
    acc = 0.0
    x = 1.5
    for i in range(n):
        d = x * x + 1.0
        acc += d ** -1.5 + d ** 0.5 + (-d) ** 3.0
        x = x + 0.25
    return acc


def int_trees_in_float_ops(values):
    out = []
    for a in values:
        out.append(1.0 / (a // 3 + 1))
        out.append(0.5 * (a % 1000003) - (a >> 2) * 0.25)
        out.append((a // 7) / (a // 5 + 1))  # int / int: true division, exactly
        out.append((a & 0xFFFF) ** 0.5)
    return out


class Shifty(int):
    def __add__(self, other):
        return Shifty(int(self) + int(other) + 1)

    __radd__ = __add__


def int_sums_under_float_ops(pairs):
    # The sum under the division computes in ints (an int-only op and an
    # unknown below it): i may still be a float, a bool, a subclass, huge.
    out = []
    for n, i in pairs:
        try:
            out.append(1.0 / (n * (n + 1) // 2 + i + 1))
            out.append((n % 1000 - i) * 0.5 + (n >> 3) * 1.5)
            out.append(2.5 ** ((n & 7) + i - 3))
        except (ZeroDivisionError, OverflowError, TypeError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


print(int_sums_under_float_ops([(3, 1), (3, 1.5), (3, True), (3, Shifty(2)), (0, -1),
                                (2 ** 31, 7), (2 ** 32, -2 ** 62), (2 ** 40, 1), (-5, 2 ** 70),
                                (2 ** 53, 1), (7, float("nan")), (7, -0.0), (5, 2 ** 200),
                                (1000, 3), (1000, "x")]))
print(int_trees_in_float_ops([10, -10, 2 ** 53 + 1, 2 ** 62 + 12345, -2 ** 63, 2 ** 64 + 3]))
print(int_trees_in_float_ops.__name__, [1.0 / (x // 3 + 1) for x in (7.5, -7.5, 2 ** 80)])
print(polynomial(8))
print(big_int_constants(1.5))
print(compare_with_ints([9007199254740992.0, 9007199254740994.0, float(2 ** 60), -0.5, 0.0,
                         float("nan"), float("inf"), -float("inf")]))
print(int_true_division(4))
print(powers([0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 1e300, 1e-300, float("inf"), -float("inf"),
              float("nan")],
             [0.0, -0.0, 0.5, -0.5, 2.0, 3.0, -3.0, 1e10, -1e10, 1075.0, -1075.0,
              float("inf"), -float("inf"), float("nan")]))
print(power_loop(50))
polynomial(30)
