"""Sample product data."""
from p_shop.models import Item
from p_shop import registry

registry.loaded(__name__)

PRODUCTS = [
    Item("HG-1", "Rake", 19.99, "home-garden"),
    Item("TY-7", "Kite", 12.5, "toys"),
    Item("TY-9", "Puzzle", 7.25, "toys"),
    Item("HG-4", "Hose", 31.0, "home-garden"),
]


def by_category():
    out = {}
    for p in PRODUCTS:
        out.setdefault(p.category, []).append(p.sku)
    return out
