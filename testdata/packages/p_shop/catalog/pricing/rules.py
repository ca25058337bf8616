"""Discount rules living three levels deep."""
from ... import registry
from ...models import Customer

registry.loaded(__name__)


class Discount:
    def __init__(self, code, percent, min_total=0.0):
        self.code = code
        self.percent = percent
        self.min_total = min_total

    def applies(self, total):
        return total >= self.min_total

    def amount(self, total):
        return round(total * self.percent / 100, 2) if self.applies(total) else 0.0

    def __eq__(self, other):
        return isinstance(other, Discount) and vars(self) == vars(other)

    def __repr__(self):
        return f"Discount({self.code!r}, {self.percent}%, min={self.min_total})"


NONE = Discount("NONE", 0)
RULES = [Discount("BULK10", 10, 50.0), Discount("GOLD15", 15, 0.0), Discount("SMALL5", 5, 20.0)]


def best_discount(cart):
    total = cart.subtotal()
    candidates = [d for d in RULES if d.applies(total)]
    if not isinstance(cart.customer, Customer) or cart.customer.tier != "gold":
        candidates = [d for d in candidates if d.code != "GOLD15"]
    return max(candidates, key=lambda d: d.amount(total), default=NONE)
