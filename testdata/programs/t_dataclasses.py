"""Dataclasses for an order book: order, frozen, defaults, post_init, asdict, replace."""
import dataclasses
from dataclasses import dataclass, field, asdict, astuple, replace
from typing import List, Optional


@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0

    def __str__(self):
        return f"{self.major}.{self.minor}.{self.patch}"

    @classmethod
    def parse(cls, text):
        return cls(*map(int, text.split(".")))


@dataclass(frozen=True)
class Sku:
    code: str
    region: str = "eu"


@dataclass
class LineItem:
    sku: Sku
    qty: int
    unit_price: float
    total: float = field(init=False)

    def __post_init__(self):
        if self.qty <= 0:
            raise ValueError(f"qty must be positive: {self.qty}")
        self.total = round(self.qty * self.unit_price, 2)


@dataclass
class Order:
    order_id: int
    customer: str
    items: List[LineItem] = field(default_factory=list)
    notes: Optional[str] = None
    secret: str = field(default="hidden", repr=False, compare=False)
    tags: set = field(default_factory=set)

    def add(self, code, qty, price):
        self.items.append(LineItem(Sku(code), qty, price))
        return self

    @property
    def total(self):
        return round(sum(i.total for i in self.items), 2)


versions = [Version.parse(v) for v in ["1.10.0", "1.2.3", "0.9", "1.2", "2"]]
print("sorted versions:", [str(v) for v in sorted(versions)])
print("max:", max(versions), "compare:", Version(1, 2) < Version(1, 2, 1), Version(1) == Version(1, 0, 0))
print(repr(versions[0]))

sku = Sku("ABC")
print(sku, hash(sku) == hash(Sku("ABC")), sku == Sku("ABC", "us"))
try:
    sku.code = "XYZ"
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
print("replace:", replace(sku, region="us"))

order = Order(1, "ann").add("ABC", 2, 9.99).add("XYZ", 1, 0.5)
order.tags.add("priority")
print(order)
print("total:", order.total)
print("asdict:", asdict(order))
print("astuple:", astuple(order.items[0]))
o2 = Order(2, "bob")
o3 = Order(2, "bob", secret="other")
print("eq ignores secret:", o2 == o3, "default_factory distinct:", o2.items is not o3.items)
print("fields:", [(f.name, f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))) for f in dataclasses.fields(Order)])
try:
    LineItem(sku, 0, 1.0)
except ValueError as e:
    print("ValueError:", e)
try:
    Order()
except TypeError as e:
    print("TypeError:", e)
print("is_dataclass:", dataclasses.is_dataclass(order), dataclasses.is_dataclass(Order), dataclasses.is_dataclass(1))
copy = replace(order, order_id=99, notes="copied")
print("replace order:", copy.order_id, copy.notes, copy.items is order.items)


@dataclass
class Node:
    name: str
    children: list = field(default_factory=list)
    parent: "Optional[Node]" = field(default=None, repr=False)

    def child(self, name):
        c = Node(name, parent=self)
        self.children.append(c)
        return c


root = Node("root")
a = root.child("a")
a.child("a1")
root.child("b")
print(root)


@dataclass(slots=True, kw_only=True)
class Config:
    host: str
    port: int = 80
    debug: bool = False


cfg = Config(host="example", debug=True)
print(cfg, hasattr(cfg, "__dict__"), Config.__slots__)
try:
    Config("positional")
except TypeError as e:
    print("TypeError:", e)
print(Version.__eq__ is not object.__eq__, Version.__match_args__, Config.__match_args__)
