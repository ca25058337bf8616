"""Dataclass records: frozen/ordered dataclasses, replace(), default factories, grouping and totals."""

from dataclasses import dataclass, field, replace

DEFAULT_N = 60000

CITIES = ["Oslo", "Lima", "Pune", "Kobe", "Graz", "Cork", "Baku"]
CATEGORIES = ["tools", "books", "food", "toys", "garden"]


@dataclass(frozen=True, order=True)
class Sku:
    category: str
    number: int


@dataclass
class LineItem:
    sku: Sku
    quantity: int
    unit_cents: int

    @property
    def cents(self):
        return self.quantity * self.unit_cents


@dataclass
class Order:
    ident: int
    city: str
    day: int
    items: list = field(default_factory=list)
    discount_percent: int = 0

    def subtotal(self):
        return sum(item.cents for item in self.items)

    def total(self):
        sub = self.subtotal()
        return sub - sub * self.discount_percent // 100


@dataclass
class CityStats:
    city: str
    orders: int = 0
    revenue: int = 0
    per_category: dict = field(default_factory=dict)
    best: Order = None

    def add(self, order):
        self.orders += 1
        total = order.total()
        self.revenue += total
        for item in order.items:
            key = item.sku.category
            self.per_category[key] = self.per_category.get(key, 0) + item.cents
        if self.best is None or total > self.best.total():
            self.best = order


def make_orders(n, seed):
    x = seed
    orders = []
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        order = Order(i, CITIES[x % len(CITIES)], (x >> 5) % 365)
        for k in range(1 + (x >> 9) % 5):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            sku = Sku(CATEGORIES[x % len(CATEGORIES)], (x >> 4) % 300)
            order.items.append(LineItem(sku, 1 + (x >> 13) % 6, 99 + (x >> 7) % 4900))
        orders.append(order)
    return orders


def apply_promotions(orders):
    """Orders on days divisible by 7 get 10% off; bulk orders get 15% instead (new records)."""
    out = []
    for o in orders:
        if sum(item.quantity for item in o.items) >= 15:
            out.append(replace(o, discount_percent=15))
        elif o.day % 7 == 0:
            out.append(replace(o, discount_percent=10))
        else:
            out.append(o)
    return out


def run(n):
    orders = apply_promotions(make_orders(n, 99))
    stats = {}
    for o in orders:
        s = stats.get(o.city)
        if s is None:
            s = stats[o.city] = CityStats(o.city)
        s.add(o)
    sku_counts = {}
    for o in orders:
        for item in o.items:
            sku_counts[item.sku] = sku_counts.get(item.sku, 0) + item.quantity
    top_skus = sorted(sku_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    smallest_sku = min(sku_counts)
    equal_pairs = 0
    for i in range(1, len(orders)):
        if orders[i].items[0].sku == orders[i - 1].items[0].sku:
            equal_pairs += 1
    parts = []
    for city in sorted(stats):
        s = stats[city]
        cats = ",".join("%s=%d" % (k, s.per_category[k]) for k in sorted(s.per_category))
        parts.append("%s:%d:%d:%d:%s" % (city, s.orders, s.revenue, s.best.ident, cats))
    parts.append(" ".join("%s/%d=%d" % (sku.category, sku.number, q) for sku, q in top_skus))
    parts.append("%s/%d %d" % (smallest_sku.category, smallest_sku.number, equal_pairs))
    return "|".join(parts)
