"""Order placement; circularly imports billing (used lazily)."""
from . import billing
from . import registry

registry.loaded(__name__)

_next_id = [1000]


class Order:
    def __init__(self, cart):
        self.id = _next_id[0]
        _next_id[0] += 1
        self.cart = cart
        self.status = "new"

    def __repr__(self):
        return f"Order(#{self.id}, {self.cart.customer.name}, {self.status})"


def place(cart):
    order = Order(cart)
    invoice = billing.invoice_for(order)
    order.status = "invoiced"
    return order, invoice


def order_class():
    return Order
