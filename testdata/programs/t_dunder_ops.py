"""Vector and Money types exercising arithmetic and comparison dunders."""
from functools import total_ordering


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r})"

    def __add__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        if isinstance(k, Vec):
            return self.x * k.x + self.y * k.y
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __eq__(self, other):
        return isinstance(other, Vec) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __iadd__(self, other):
        self.x += other.x
        self.y += other.y
        return self

    def __matmul__(self, other):
        return self.x * other.y - self.y * other.x

    def __truediv__(self, k):
        return Vec(self.x / k, self.y / k)

    def __floordiv__(self, k):
        return Vec(self.x // k, self.y // k)

    def __mod__(self, k):
        return Vec(self.x % k, self.y % k)

    def __pow__(self, n):
        return Vec(self.x ** n, self.y ** n)


@total_ordering
class Money:
    def __init__(self, cents, currency="EUR"):
        self.cents = cents
        self.currency = currency

    def __repr__(self):
        return f"Money({self.cents // 100}.{self.cents % 100:02d} {self.currency})"

    def __str__(self):
        return f"{self.cents / 100:.2f} {self.currency}"

    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return (self.cents, self.currency) == (other.cents, other.currency)

    def __lt__(self, other):
        if self.currency != other.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")
        return self.cents < other.cents

    def __hash__(self):
        return hash((self.cents, self.currency))

    def __add__(self, other):
        if other == 0:
            return self
        return Money(self.cents + other.cents, self.currency)

    __radd__ = __add__

    def __bool__(self):
        return self.cents != 0

    def __format__(self, spec):
        if spec == "short":
            return f"{self.cents // 100}{self.currency[0]}"
        return format(str(self), spec)


a, b = Vec(1, 2), Vec(3, -4)
print(a + b, a - b, a * 3, 2 * a, -b)
print("dot", a * b, "cross", a @ b, "abs", abs(b))
print(b / 2, b // 2, b % 3, a ** 3)
c = a
c += b
print("iadd same object:", c is a, a)
print("eq/hash:", Vec(1, 1) == Vec(1, 1), len({Vec(1, 1), Vec(1, 1), Vec(2, 1)}))
print("ne:", Vec(1, 1) != Vec(1, 2), Vec(0, 0) == (0, 0))
try:
    a + 5
except TypeError as e:
    print("TypeError:", e)

prices = [Money(1999), Money(250), Money(0), Money(10000), Money(250)]
print(sorted(prices))
print("sum:", sum(prices), "max:", max(prices), "min:", repr(min(prices)))
print("truthy:", [bool(p) for p in prices])
print("le/ge:", Money(5) <= Money(5), Money(6) >= Money(7), Money(1) > Money(0))
print(f"{Money(123456):short} [{Money(5):>12}] [{Money(5):<12}]")
print("unique:", sorted(set(prices)))
try:
    Money(1) < Money(2, "USD")
except ValueError as e:
    print("ValueError:", e)
