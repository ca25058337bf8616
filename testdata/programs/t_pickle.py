"""Pickle and deepcopy round trips of program-defined functions, classes and instances."""
import copy
import enum
import functools
import pickle
from collections import namedtuple
from dataclasses import dataclass, field


def tax(amount, rate=0.2):
    return round(amount * rate, 2)


class Customer:
    tier_discounts = {"gold": 0.1, "silver": 0.05}

    def __init__(self, name, tier, history=None):
        self.name = name
        self.tier = tier
        self.history = history or []

    def discount(self):
        return self.tier_discounts.get(self.tier, 0.0)

    def __eq__(self, other):
        return vars(self) == vars(other)

    def __repr__(self):
        return f"Customer({self.name!r}, {self.tier!r}, {self.history!r})"


class Session:
    def __init__(self, user):
        self.user = user
        self.cache = {"expensive": list(range(5))}

    def __getstate__(self):
        state = self.__dict__.copy()
        del state["cache"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.cache = {"rebuilt": True}


class Color(enum.Enum):
    RED = 1
    GREEN = 2


@dataclass(frozen=True)
class Invoice:
    number: int
    customer: Customer
    lines: tuple = ()
    meta: dict = field(default_factory=dict, compare=False)


Point = namedtuple("Point", "x y")


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b


class Outer:
    class Inner:
        def __init__(self, v):
            self.v = v


def roundtrip(obj, protocol=pickle.HIGHEST_PROTOCOL):
    data = pickle.dumps(obj, protocol=protocol)
    return pickle.loads(data)


f = roundtrip(tax)
print("function:", f is tax, f(100), f.__name__, f.__module__)
print("class:", roundtrip(Customer) is Customer, roundtrip(Outer.Inner) is Outer.Inner)
ann = Customer("ann", "gold", [("2024-01", 30)])
ann2 = roundtrip(ann)
print("instance:", ann2, ann2 == ann, ann2 is ann, ann2.discount())
s = roundtrip(Session("bob"))
print("getstate/setstate:", s.user, s.cache)
print("enum:", roundtrip(Color.GREEN) is Color.GREEN, roundtrip(Color) is Color)
inv = Invoice(7, ann, (("widget", 2),), {"paid": False})
inv2 = roundtrip(inv)
print("dataclass:", inv2 == inv, inv2)
print("namedtuple:", roundtrip(Point(1, 2)), type(roundtrip(Point(1, 2))).__name__)
sl = roundtrip(Slotted(1, [2]))
print("slots:", sl.a, sl.b)
inner = roundtrip(Outer.Inner("deep"))
print("nested class instance:", type(inner).__qualname__, inner.v)
part = roundtrip(functools.partial(tax, rate=0.5))
print("partial:", part(10), part.keywords)
for proto in range(0, pickle.HIGHEST_PROTOCOL + 1):
    r = roundtrip({"c": ann, "t": (1, 2.5, "x", b"y", None, True)}, proto)
    assert r["c"] == ann and r["t"] == (1, 2.5, "x", b"y", None, True)
print("all protocols ok up to", pickle.HIGHEST_PROTOCOL)

shared = [1, 2]
graph = {"a": shared, "b": shared}
g2 = roundtrip(graph)
print("shared refs preserved:", g2["a"] is g2["b"])
cyc = []
cyc.append(cyc)
c2 = roundtrip(cyc)
print("cycle preserved:", c2[0] is c2)

try:
    pickle.dumps(lambda x: x)
except (pickle.PicklingError, AttributeError) as e:
    print(type(e).__name__, "for lambda")


def make_local():
    def local_fn():
        pass
    return local_fn


try:
    pickle.dumps(make_local())
except (pickle.PicklingError, AttributeError) as e:
    print(type(e).__name__, ":", e)

deep = copy.deepcopy(inv)
print("deepcopy:", deep == inv, deep.customer is inv.customer, deep.customer == inv.customer)
shallow = copy.copy(ann)
print("copy:", shallow.history is ann.history, copy.deepcopy(ann).history is ann.history)
print("deepcopy function identity:", copy.deepcopy(tax) is tax, copy.copy(Customer) is Customer)
memo_list = [ann, ann]
dl = copy.deepcopy(memo_list)
print("deepcopy memo:", dl[0] is dl[1], dl[0] is not ann)


class Tracked:
    def __init__(self):
        self.items = [1]

    def __deepcopy__(self, memo):
        print("  custom __deepcopy__ called")
        new = Tracked()
        new.items = list(self.items) + ["copied"]
        return new


print("custom:", copy.deepcopy(Tracked()).items)
print("pickle bytes stable:", pickle.dumps((1, "a", [2.0]), protocol=2).hex())
