"""Invoices; circularly imports orders (only touched inside functions)."""
from . import orders
from .catalog.pricing import rules, tax
from .util import money
from . import registry

registry.loaded(__name__)

ORDERS_AT_IMPORT = hasattr(orders, "place")


def invoice_for(order):
    if not isinstance(order, orders.order_class()):
        raise TypeError("not an order")
    subtotal = order.cart.subtotal()
    discount = rules.best_discount(order.cart)
    net = round(subtotal - discount.amount(subtotal), 2)
    vat = tax.vat(net, order.cart.customer)
    return {
        "order": order.id,
        "subtotal": money(subtotal),
        "discount": discount.code,
        "net": money(net),
        "vat": money(vat),
        "total": money(net + vat),
    }
