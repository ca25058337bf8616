"""Descriptors (__get__/__set__/__delete__/__set_name__) for validated records."""


class Validated:
    def __set_name__(self, owner, name):
        self.public = name
        self.private = "_" + name
        owner._validated = getattr(owner, "_validated", ()) + (name,)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private)

    def __set__(self, obj, value):
        self.check(value)
        setattr(obj, self.private, value)

    def __delete__(self, obj):
        raise AttributeError(f"cannot delete {self.public}")

    def check(self, value):
        pass


class Positive(Validated):
    def check(self, value):
        if not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"{self.public} must be positive, got {value!r}")


class OneOf(Validated):
    def __init__(self, *options):
        self.options = set(options)

    def check(self, value):
        if value not in self.options:
            raise ValueError(f"{self.public} must be one of {sorted(self.options)}, got {value!r}")


class NonEmpty(Validated):
    def check(self, value):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{self.public} must be a non-empty string")


class Lazy:
    """Non-data descriptor: computes once, then the instance attribute shadows it."""

    def __init__(self, fn):
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


class Counted:
    def __init__(self):
        self.reads = 0

    def __get__(self, obj, objtype=None):
        self.reads += 1
        return f"read #{self.reads} via {'class' if obj is None else 'instance'}"


class Product:
    name = NonEmpty()
    price = Positive()
    qty = Positive()
    category = OneOf("food", "tools", "toys")
    stats = Counted()

    def __init__(self, name, price, qty, category):
        self.name = name
        self.price = price
        self.qty = qty
        self.category = category

    @Lazy
    def value(self):
        """Total stock value."""
        print(f"  computing value for {self.name}")
        return self.price * self.qty


p = Product("hammer", 12.5, 4, "tools")
print(p.name, p.price, p.qty, p.category, "validated:", Product._validated)
print("value:", p.value, p.value, "in dict:", "value" in vars(p))
print("stats:", p.stats, "|", Product.stats, "|", p.stats)
for field, bad in [("price", -1), ("qty", "many"), ("category", "cars"), ("name", "  ")]:
    try:
        setattr(p, field, bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    del p.price
except AttributeError as e:
    print("AttributeError:", e)
print("class access returns descriptor:", type(Product.price).__name__, Product.value.__doc__)
print("private storage:", sorted(k for k in vars(p) if k.startswith("_")))


class BoundMethodLike:
    def __init__(self, fn):
        self.fn = fn

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self.fn
        return lambda *a: self.fn(obj, *a)


class Greeter:
    def __init__(self, who):
        self.who = who

    @BoundMethodLike
    def greet(self, greeting):
        return f"{greeting}, {self.who}"


g = Greeter("ann")
print(g.greet("hi"), Greeter.greet(g, "yo"))
f = Greeter.__dict__["greet"].fn
print("functions are descriptors:", f.__get__(g)("hey"), type(Greeter.__init__).__name__, type(g.__init__).__name__)


class Overrides:
    attr = Lazy(lambda self: "from descriptor")

    def __getattr__(self, name):
        return f"__getattr__({name})"


o = Overrides()
print(o.missing, o.attr, o.attr)
o.__dict__["attr"] = "instance wins"
print(o.attr)
print("staticmethod/classmethod are descriptors:", staticmethod(len).__get__(None, int)("abc"),
      classmethod(lambda c: c.__name__).__get__(None, Product)())
