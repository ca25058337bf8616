"""Properties (getter/setter/deleter) and cached_property in a thermostat model."""
import functools


class Temperature:
    def __init__(self, celsius=0.0):
        self.celsius = celsius

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError(f"below absolute zero: {value}")
        self._c = float(value)

    @celsius.deleter
    def celsius(self):
        print("  resetting temperature")
        self._c = 0.0

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, f):
        self.celsius = (f - 32) * 5 / 9

    kelvin = property(lambda self: self._c + 273.15, doc="Kelvin (read-only)")


class Dataset:
    def __init__(self, values):
        self.values = list(values)
        self.computations = 0

    @functools.cached_property
    def stats(self):
        self.computations += 1
        n = len(self.values)
        mean = sum(self.values) / n
        var = sum((v - mean) ** 2 for v in self.values) / n
        return {"n": n, "mean": round(mean, 3), "std": round(var ** 0.5, 3)}

    @property
    def size(self):
        return len(self.values)


class Account:
    def __init__(self, owner):
        self._owner = owner
        self._balance = 0

    owner = property(lambda self: self._owner)

    def _get_balance(self):
        return self._balance

    def _set_balance(self, v):
        if not isinstance(v, int):
            raise TypeError("balance must be int")
        self._balance = v

    balance = property(_get_balance, _set_balance, None, "account balance")


t = Temperature(25)
print(f"{t.celsius:.1f}C = {t.fahrenheit:.1f}F = {t.kelvin:.2f}K")
t.fahrenheit = 212
print(f"after setting F: {t.celsius:.1f}C")
del t.celsius
print("after delete:", t.celsius)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.kelvin = 5
except AttributeError as e:
    print("AttributeError:", e)
print("doc:", Temperature.kelvin.__doc__, "|", type(Temperature.celsius).__name__)

ds = Dataset([2, 4, 4, 4, 5, 5, 7, 9])
print(ds.stats, ds.stats["std"], "computed", ds.computations, "times")
print("in __dict__:", "stats" in vars(ds))
ds.values.append(100)
print("stale cache:", ds.stats["n"], "size:", ds.size)
del ds.stats
print("recomputed:", ds.stats, "computations:", ds.computations)
print("cached_property attrname:", Dataset.stats.attrname)
try:
    ds.size = 3
except AttributeError as e:
    print("AttributeError:", e)

acct = Account("ann")
acct.balance = 10
acct.balance += 5
print(acct.owner, acct.balance, Account.balance.__doc__)
try:
    acct.balance = 1.5
except TypeError as e:
    print("TypeError:", e)
try:
    del acct.balance
except AttributeError as e:
    print("AttributeError:", e)
try:
    acct.owner = "bob"
except AttributeError as e:
    print("AttributeError:", e)


class Base:
    @property
    def label(self):
        return "base"


class Child(Base):
    @Base.label.getter
    def label(self):
        return "child of " + super().label


print(Child().label, Base().label)
print("property objects:", isinstance(Base.__dict__["label"], property), Child.label.fset)
