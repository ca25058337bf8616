"""functools: reduce, partial, lru_cache, singledispatch, total_ordering, cache."""
import functools
import operator
from decimal import Decimal

orders = [("ann", 30), ("bob", 12), ("ann", 8), ("cid", 50), ("bob", 1)]
print("reduce sum:", functools.reduce(lambda acc, o: acc + o[1], orders, 0))
print("reduce mul:", functools.reduce(operator.mul, range(1, 8)))
print("reduce group:", functools.reduce(lambda d, o: {**d, o[0]: d.get(o[0], 0) + o[1]}, orders, {}))
try:
    functools.reduce(operator.add, [])
except TypeError as e:
    print("TypeError:", e)


def price(amount, tax=0.0, discount=0.0, currency="EUR"):
    return f"{amount * (1 + tax) * (1 - discount):.2f} {currency}"


vat = functools.partial(price, tax=0.25)
sale = functools.partial(vat, discount=0.5)
usd = functools.partial(price, currency="USD")
print(vat(100), sale(100), usd(3), sale(10, currency="SEK"))
print("partial attrs:", sale.func.__name__, sale.args, sorted(sale.keywords.items()))
int_base2 = functools.partial(int, base=2)
print("partial builtin:", int_base2("1011"), list(map(functools.partial(pow, 2), range(6))))


@functools.lru_cache(maxsize=3)
def lookup(key):
    print(f"  computing {key}")
    return key.upper()


for k in ["a", "b", "a", "c", "d", "a", "b"]:
    lookup(k)
print("cache info:", lookup.cache_info())
lookup.cache_clear()
print("after clear:", lookup.cache_info())


@functools.cache
def partitions(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    return partitions(n - k, k) + partitions(n, k - 1)


print("partitions(60):", partitions(60, 60), partitions.cache_info().currsize > 0)


@functools.singledispatch
def render(obj):
    return f"<object {type(obj).__name__}>"


@render.register
def _(obj: int):
    return f"int {obj:,}"


@render.register(float)
@render.register(Decimal)
def _render_num(obj):
    return f"number {obj:.2f}"


@render.register(list)
def _(obj):
    return "[" + ", ".join(render(x) for x in obj) + "]"


@render.register(dict)
def _(obj):
    return "{" + ", ".join(f"{k}: {render(v)}" for k, v in obj.items()) + "}"


@render.register(bool)
def _(obj):
    return "yes" if obj else "no"


print(render(1234567), "|", render(2.5), "|", render(Decimal("3.14159")), "|", render(True))
print(render([1, 2.0, [3, "s"]]), "|", render({"a": 1, "b": None}))
print("dispatch table:", render.dispatch(bool).__name__, render.dispatch(str).__name__, render.dispatch(int).__name__)


class Formatter:
    @functools.singledispatchmethod
    def fmt(self, arg):
        return f"default:{arg}"

    @fmt.register
    def _(self, arg: str):
        return f"str:{arg!r}"

    @fmt.register
    def _(self, arg: tuple):
        return "tuple:" + "/".join(self.fmt(a) for a in arg)


f = Formatter()
print(f.fmt(1), f.fmt("x"), f.fmt(("a", 2)))


@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


vs = [Version(v) for v in ["1.2", "1.10", "1.9.1", "0.1"]]
print("total_ordering:", sorted(vs), Version("2.0") >= Version("1.99"), Version("1.0") > Version("1.0"))


class Rect:
    def __init__(self, w, h):
        self.w, self.h = w, h

    @functools.cached_property
    def area(self):
        print("  computing area")
        return self.w * self.h


r = Rect(3, 4)
print("cached:", r.area, r.area)
print("cmp_to_key:", sorted(["bb", "a", "ccc"], key=functools.cmp_to_key(lambda a, b: len(b) - len(a))))


def trace(fn):
    @functools.wraps(fn)
    def inner(*a):
        return fn(*a)
    return inner


@trace
def documented(x):
    """Documented function."""
    return x


print("wraps:", documented.__name__, documented.__doc__, documented.__wrapped__ is not documented)
print("reduce with initial on empty:", functools.reduce(operator.add, [], "start"))
