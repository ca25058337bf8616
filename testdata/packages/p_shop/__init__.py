"""p_shop: a tiny shop used to exercise package imports."""
import importlib
import pickle
import sys

from . import registry
from . import util
import p_shop.models
from p_shop.models import Item, Customer, Cart
from .orders import place
from .catalog.pricing.rules import Discount, best_discount
from .catalog import pricing_rules
from . import billing

registry.loaded(__name__)

print("== p_shop imported ==")
print("self:", __name__, __package__, __spec__.name, __spec__.parent, "has __path__:", "__path__" in globals())
print("doc:", __doc__)

products = importlib.import_module("p_shop.catalog.products")
plugins = importlib.import_module(".plugins", "p_shop")
tax = importlib.import_module(".catalog.pricing.tax", __name__)
print("import_module results:", products.__name__, plugins.__name__, tax.__name__)
print("same objects:", products is sys.modules["p_shop.catalog.products"], pricing_rules is sys.modules["p_shop.catalog.pricing.rules"])
print("attribute chain:", p_shop.catalog.pricing.rules is pricing_rules, p_shop.models is sys.modules["p_shop.models"])

for mod in [sys.modules[__name__], util, p_shop.models, p_shop.catalog, p_shop.catalog.pricing, pricing_rules, products, billing]:
    print(" ", util.describe_module(mod))

print("circular import: billing saw orders.place at import time:", billing.ORDERS_AT_IMPORT,
      "| now:", hasattr(billing.orders, "place"), "| orders.billing is billing:", p_shop.orders.billing is billing)
print("tax sees sibling by absolute import:", tax.rules_module_name())

print("plugins before reload:", plugins.summary())
reloaded = importlib.reload(plugins)
print("plugins after reload:", reloaded.summary(), "| same module object:", reloaded is plugins)
print("load counts:", dict(sorted(registry.LOAD_COUNTS.items())))
print("load order:", registry.EVENTS)

print("qualnames:", Item.__qualname__, Item.label.__qualname__, Discount.__qualname__, best_discount.__qualname__)
print("modules:", Item.__module__, Discount.__module__, best_discount.__module__, place.__module__, util.money.__module__)
print("module docs:", p_shop.catalog.pricing.__doc__, "|", products.__doc__)

ann = Customer("ann", "gold")
bob = Customer("bob")
carts = [
    Cart(ann).add(products.PRODUCTS[0], 2).add(products.PRODUCTS[2]),
    Cart(bob).add(products.PRODUCTS[1], 2),
    Cart(bob).add(products.PRODUCTS[3], 3),
]
for cart in carts:
    order, invoice = place(cart)
    print(" ", order, invoice)
print("by category:", products.by_category(), "sections:", p_shop.catalog.SECTIONS)

deep = Discount("SUMMER", 20, 30.0)
blob = pickle.dumps(deep)
back = pickle.loads(blob)
print("pickle deep instance:", back, back == deep, type(back) is Discount, type(back).__module__)
print("pickle by reference:", pickle.loads(pickle.dumps(best_discount)) is best_discount,
      pickle.loads(pickle.dumps(Item)) is Item, pickle.loads(pickle.dumps(products.PRODUCTS[1])))
print("reference names in pickle:", b"p_shop.catalog.pricing.rules" in blob, b"Discount" in blob)
print("money:", util.money(1234567.891), util.slug("Hello, World -- Again!"))
print("== p_shop done ==")
