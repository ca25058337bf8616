"""Order-processing with a custom exception hierarchy and every try form."""
import traceback


class ShopError(Exception):
    """Base error for the shop."""


class ValidationError(ShopError):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


class OutOfStock(ShopError):
    def __init__(self, sku, wanted, available):
        super().__init__(sku, wanted, available)
        self.sku = sku

    def __str__(self):
        sku, wanted, available = self.args
        return f"{sku} wanted {wanted}, only {available} left"


class PaymentDeclined(ShopError):
    pass


STOCK = {"apple": 5, "pear": 0, "plum": 12}


def validate(order):
    if not order.get("sku"):
        raise ValidationError("sku", "missing")
    if order.get("qty", 0) <= 0:
        raise ValidationError("qty", f"must be positive, got {order.get('qty')}")


def reserve(order):
    sku, qty = order["sku"], order["qty"]
    if sku not in STOCK:
        raise KeyError(sku)
    if STOCK[sku] < qty:
        raise OutOfStock(sku, qty, STOCK[sku])
    STOCK[sku] -= qty


def charge(order):
    if order.get("card") == "bad":
        raise PaymentDeclined("card declined")
    return order["qty"] * 3


def process(order):
    steps = []
    try:
        validate(order)
        reserve(order)
        total = charge(order)
    except ValidationError as e:
        steps.append(f"invalid[{e.field}]: {e}")
    except (OutOfStock, KeyError) as e:
        steps.append(f"stock problem {type(e).__name__}: {e}")
    except ShopError as e:
        steps.append(f"shop error: {e!r}")
        STOCK[order["sku"]] += order["qty"]
    else:
        steps.append(f"charged {total}")
    finally:
        steps.append("audit")
    return steps


orders = [
    {"sku": "apple", "qty": 2},
    {"sku": "", "qty": 1},
    {"sku": "pear", "qty": 1},
    {"sku": "kiwi", "qty": 1},
    {"sku": "plum", "qty": 0},
    {"sku": "plum", "qty": 4, "card": "bad"},
    {"sku": "plum", "qty": 4},
]
for o in orders:
    print(o["sku"] or "<none>", "->", process(o))
print("stock:", STOCK)


def finally_return():
    try:
        raise RuntimeError("swallowed")
    finally:
        return "finally wins"


def finally_order():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            out.append(f"body{i}")
        finally:
            out.append(f"fin{i}")
    return out


print(finally_return(), finally_order())


def reraise():
    try:
        int("xyz")
    except ValueError:
        print("logging and re-raising")
        raise


try:
    reraise()
except ValueError as e:
    print("outer caught:", e)
    print("args:", e.args)

try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ShopError("wrapped") from e
except ShopError as e:
    print("cause:", repr(e.__cause__), "suppress:", e.__suppress_context__)

try:
    try:
        [].pop()
    except IndexError:
        raise OutOfStock("x", 1, 0)
except ShopError as e:
    print("context:", repr(e.__context__), "cause:", e.__cause__)

try:
    try:
        {}["k"]
    except KeyError:
        raise ValueError("clean") from None
except ValueError as e:
    print("from None:", e.__suppress_context__, repr(e.__context__))

print("mro:", [c.__name__ for c in OutOfStock.__mro__])
print("doc:", ShopError.__doc__)
err = None
try:
    raise ValidationError("name", "too long")
except ShopError as err:
    pass
print("err deleted after except:", "err" in dir())


def nested_handlers(x):
    try:
        try:
            return 10 / x
        except ZeroDivisionError:
            return int("nan")
    except ValueError as e:
        return f"inner handler failed: {e}"


print(nested_handlers(4), "|", nested_handlers(0))
try:
    process({"sku": "apple"})
    raise LookupError("final lookup")
except LookupError:
    print(traceback.format_exc().splitlines()[-1])
