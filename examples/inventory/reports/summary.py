from ..models.item import Item


def summarize(items):
    in_stock = [i for i in items if i.quantity]
    yield f"{len(in_stock)} of {len(items)} items in stock"
    for item in sorted(in_stock, key=lambda i: -i.value):
        yield f"  {item.name:<10} {item.quantity:>3} x {item.unit_price:6.2f} = {item.value:7.2f}"
    yield f"total value: {sum(i.value for i in items):.2f}"
