"""Invoice rendering with f-strings and format specs."""
from decimal import Decimal


class Item:
    def __init__(self, name, qty, price):
        self.name, self.qty, self.price = name, qty, price

    def __repr__(self):
        return f"Item({self.name!r})"

    def __str__(self):
        return f"{self.name} x{self.qty}"


items = [Item("Widget", 3, 4.5), Item("Gadget ñ", 1, 199.999), Item("Thing", 12, 0.1)]
width = 12
prec = 2
print(f"{'Name':<{width}}|{'Qty':>5}|{'Price':>10}|{'Total':>10}")
print(f"{'':-<{width}}+{'':->5}+{'':->10}+{'':->10}")
for it in items:
    print(f"{it.name:<{width}}|{it.qty:>5d}|{it.price:>10.{prec}f}|{it.qty * it.price:>10,.{prec}f}")
grand = sum(i.qty * i.price for i in items)
print(f"{'TOTAL':>{width + 17}}|{grand:>10.2f}")

print(f"{items[1]!r} {items[1]!s} {items[1]!a} {items[1].name!a}")
qty = 42
ratio = 2 / 3
print(f"{qty=} {ratio=:.3f} {qty * 2 = } {items[0].name=!r}")
print(f"{1234567.891:,.2f} {1234567:_d} {0.000123:e} {0.25:%} {0.125:.1%}")
print(f"{255:b} {255:o} {255:x} {255:X} {255:#x} {255:#010b} {-42:+d} {42: d}")
print(f"[{'left':<10}] [{'right':>10}] [{'center':^10}] [{'pad':*^9}]")
print(f"{3.14159:g} {1e20:g} {1e-7:g} {100.0:.0f} {2.5:.0f} {3.5:.0f}")
print(f"{Decimal('1.10') * 3} {Decimal('10') / Decimal('4'):.3f}")
print(f"{'nested ' + f'{qty:>{4}}' + ' done'}")
d = {"key": "value", "n": 7}
print(f"{d['key']} {d['n']:03} {len(d)}")
print(f"{{literal braces}} {{{qty}}}")
print(f"{'multi' if qty > 10 else 'single'} {[x ** 2 for x in range(4)]} {(lambda s: s[::-1])('abc')}")
print(f"{True!s:>6}|{None!r:^8}|{3+4j}|{-0.0}|{float('inf')}|{float('nan')}")
print(f"{'x':>3}|{12345678901234567890:,}|{-12345678901234567890:_x}")
print("%-8s|%5.1f|%03d|%x|%r|%%" % ("old", 3.14159, 7, 255, "s"))
print("{0}-{1}-{0} {name:>6} {obj.qty}".format("a", "b", name="nm", obj=items[0]))
print("{:>8.3}|{:^7}|{!r:<8}|".format("truncate", 12, "r"))
template = "{item.name} costs {item.price:.2f}"
print([template.format(item=i) for i in items])
print(format(1234.5, ",.1f"), format("x", "^5"), format(10, "08b"))
val = 12.0
print(f"{val:.2e} {val:010.3f} {-val:=+10.2f} {int(val) + 53:c}")
print(f"{'é'!a} {'snow☃'!a} {'plain'!a}")
