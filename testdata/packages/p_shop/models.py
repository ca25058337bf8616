"""Domain models: items, customers, carts."""
from dataclasses import dataclass, field

from p_shop import registry
from p_shop.util import money

registry.loaded(__name__)


@dataclass(frozen=True)
class Item:
    sku: str
    name: str
    price: float
    category: str = "general"

    def label(self):
        return f"{self.name} ({money(self.price)})"


@dataclass
class Customer:
    name: str
    tier: str = "standard"


@dataclass
class Cart:
    customer: Customer
    lines: list = field(default_factory=list)

    def add(self, item, qty=1):
        self.lines.append((item, qty))
        return self

    def subtotal(self):
        return round(sum(item.price * qty for item, qty in self.lines), 2)
