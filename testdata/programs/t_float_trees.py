"""Float arithmetic whose intermediate results are never objects: values,
errors and the order of evaluation as with boxed floats."""
import math
import sys
import traceback


class Loud:
    """A number that says when it is used, so evaluation order shows."""
    def __init__(self, name, value):
        self.name, self.value = name, value

    def __add__(self, other):
        print("  add", self.name, type(other).__name__)
        return self.value + other

    __radd__ = __add__

    def __mul__(self, other):
        print("  mul", self.name, type(other).__name__)
        return self.value * other

    __rmul__ = __mul__

    def __truediv__(self, other):
        print("  div", self.name, type(other).__name__)
        return self.value / other


class Tagged(float):
    def __add__(self, other):
        return "tagged " + repr(float(self) + other)


def tree(a, b, c, d):
    return a * b + c * d - a / d


def deep(x, y):
    return ((x + y) * (x - y) + x * x * y) / (y * y + 1.0)


def accumulate(values, scale):
    total = 0.0
    for v in values:
        total += v * scale + v / scale
    return total


def watched(box, a, b):
    return a * b + box.value * a


class Box:
    @property
    def value(self):
        print("  read value")
        return 2.0


print(tree(1.5, 2.0, 3.0, 4.0), tree(1, 2, 3, 4), tree(1.5, 2, 3.0, 4))
print(deep(3.0, 0.5), deep(-0.0, -0.0), deep(1e308, 1e308), deep(float("nan"), 1.0))
print(accumulate([0.1 * i for i in range(10)], 3.0), accumulate(range(5), 2.0))
print(tree(Loud("a", 2.0), 3.0, 4.0, 5.0))
print(tree(1.0, Loud("b", 2.0), 4.0, 5.0))
print(Tagged(1.0) + 2.0 * 1.0, Tagged(1.0) * 2.0 + 1.0)
print(watched(Box(), 1.5, 2.5))
print(math.copysign(1.0, -0.0 * 1.0 + -0.0), 0.1 + 0.2 * 3.0 - 0.7)

for args in ((1.0, 2.0, 3.0, 0.0), (1.0, "x", 3.0, 4.0), (1.0, 2.0, None, 4.0)):
    try:
        print(tree(*args))
    except (ZeroDivisionError, TypeError):
        traceback.print_exc(file=sys.stdout)
try:
    deep(Tagged(2.0), 1.0)
except TypeError:
    traceback.print_exc(file=sys.stdout)
try:
    deep(1.0, 1e200 * 1e200 * 0.0 - 0.0)
    print(1.0 / (2.0 * 0.0 + 0.0))
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)


def escapes(zr, zi, limit):
    """Comparisons of unboxed floats feeding branches: IEEE semantics, NaN
    included, and the generic comparison for other types."""
    out = []
    for op in range(6):
        if op == 0 and zr * zr + zi * zi > limit:
            out.append("gt")
        elif op == 1 and zr * zr - zi * zi <= limit:
            out.append("le")
        elif op == 2 and zr * 2.0 == limit:
            out.append("eq")
        elif op == 3 and zr * 1.0 != limit:
            out.append("ne")
        elif op == 4 and zr / 2.0 < limit:
            out.append("lt")
        elif op == 5 and zr + zi >= limit:
            out.append("ge")
    return out


nan = float("nan")
for args in ((1.5, 2.0, 4.0), (nan, 1.0, 4.0), (1.0, 1.0, nan), (2.0, 0.0, 4.0), (1, 2, 3), (1.0, 2.0, 5)):
    print(args, escapes(*args))
try:
    escapes(1.0, 2.0, "four")
except TypeError:
    traceback.print_exc(file=sys.stdout)
