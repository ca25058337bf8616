"""Int arithmetic whose intermediate results are never objects: values past
64 bits, Python's floor division and modulo, shifts, bit operations on
negative numbers, and every error, as with boxed ints."""
import sys
import traceback


class Count(int):
    def __add__(self, other):
        return "count " + repr(int(self) + other)


def lcg(seed):
    return (seed * 1664525 + 1013904223) & 0xFFFFFFFF


def mixed(a, b, c):
    return (a * b + c) % 1000003 - (a // 7) * (b % 5)


def shifts(x, k):
    return ((x << k) >> 3) ^ (x >> (k + 1)) | 1


def ratio(a, b):
    return (a * 3) // b + a % (b - 0)


def grows(x):
    return x * x * x * x + 1  # past 64 bits for big x


print([lcg(s) for s in (0, 1, 42, 2 ** 32 - 1, -5)])
print(mixed(10, 20, 30), mixed(-10, 7, -3), mixed(2 ** 40, 2 ** 41, 1), mixed(-(2 ** 59), 3, 1))
print([mixed(a, b, 1) for a in (-9, -1, 0, 1, 9) for b in (-4, 4)])
print(shifts(5, 2), shifts(-5, 2), shifts(1, 62), shifts(-1, 70), shifts(2 ** 40, 30))
print(grows(10), grows(2 ** 20), grows(-(2 ** 30)), grows(3 * 10 ** 9))
print(True + True * 2 - 1, Count(3) + 4 * 1, (2 ** 63 - 1) + 1 - 1, (-2 ** 63) - 1 + 1)
print(mixed(10.5, 2, 3), lcg(True), (7 // 2) * 2 + 7 % 2, (-7 // 2) * 2 + (-7 % 2))
print((1 << 62) * 2 + 0, (1 << 62) + (1 << 62) - 1, 12345678901 * 98765 % 1000000007)

for args in ((1, 0, 1), (1, "x", 2), (None, 1, 1), (1, 2, [])):
    try:
        print(mixed(*args))
    except (ZeroDivisionError, TypeError):
        traceback.print_exc(file=sys.stdout)
print(ratio(7, 2), ratio(-7, 2), ratio(7, -2), ratio(-(2 ** 62), -1))
try:
    ratio(5, 0)
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)
for k in (-1, 2):
    try:
        print(shifts(4, k - 2))
    except ValueError:
        traceback.print_exc(file=sys.stdout)


def stepping(seed):
    """Trees in a generator: one spans a yield (its operand is kept as an
    object across it), the others are inside one resume."""
    total = 0
    while True:
        seed = (seed * 48271) % 2147483647
        total = total * 3 + (yield seed % 100 + 1) * 2 % 7
        if total > 10 ** 30:
            return total


gen = stepping(7)
values = [next(gen)]
try:
    while True:
        values.append(gen.send(len(values) * 5 + 1))
except StopIteration as done:
    print(values[:8], len(values), done.value)


def below(i, n):
    """Comparisons of unboxed ints feeding branches, past 64 bits too."""
    count = 0
    while i * i <= n and (i + 1) * 3 != 0:
        if i * 7 % 5 < 3 or i << 40 > n:
            count += 1
        i += 1
    return count


print(below(0, 1000), below(-5, 50), below(2 ** 31, 2 ** 62 + 2 ** 33), below(2 ** 50, 2 ** 100 + 2 ** 52))
try:
    below(1, "x")
except TypeError:
    traceback.print_exc(file=sys.stdout)
