"""Object model hooks: __new__, __getattr__/__setattr__/__delattr__, __index__, __format__, __class_getitem__."""


class Interned:
    _pool = {}

    def __new__(cls, name):
        key = name.lower()
        if key not in cls._pool:
            obj = super().__new__(cls)
            obj.name = key
            cls._pool[key] = obj
        return cls._pool[key]

    def __init__(self, name):
        self.inits = getattr(self, "inits", 0) + 1


class Frozen:
    def __init__(self, **fields):
        for k, v in fields.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable (tried to set {name!r})")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete {name!r}")

    def __repr__(self):
        return f"Frozen({', '.join(f'{k}={v!r}' for k, v in sorted(vars(self).items()))})"


class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", [])

    def __getattr__(self, name):
        self._log.append(f"get {name}")
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        self._log.append(f"set {name}")
        setattr(self._target, name, value)

    def __getattribute__(self, name):
        if name == "secret":
            raise AttributeError("secret is hidden")
        return object.__getattribute__(self, name)


class Target:
    def __init__(self):
        self.x = 1
        self.secret = "s3cr3t"

    def double(self):
        return self.x * 2


class Level:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n

    def __int__(self):
        return self.n

    def __float__(self):
        return self.n + 0.5

    def __format__(self, spec):
        if spec == "roman":
            return ["", "I", "II", "III", "IV", "V"][self.n]
        return format(self.n, spec)

    def __round__(self, ndigits=None):
        return Level(self.n)

    def __repr__(self):
        return f"Level({self.n})"


class TypedList:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"


a, b = Interned("Alpha"), Interned("ALPHA")
print("interned:", a is b, a.name, a.inits, len(Interned._pool))
f = Frozen(x=1, y="two")
print(f)
for action in (lambda: setattr(f, "x", 5), lambda: delattr(f, "y")):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)
t = Target()
p = Proxy(t)
print("proxy:", p.x, p.double(), end=" ")
p.x = 10
print(t.x, p._log)
print("secret falls back to __getattr__:", p.secret, p._log[-1])
lv = Level(3)
items = ["a", "b", "c", "d", "e"]
print("index:", items[lv], items[Level(1):lv], hex(lv), bin(Level(5)), range(10)[lv], int(lv), float(lv))
print("format:", f"{lv:roman} {Level(4):roman} {lv:03d} {lv:>4}", round(lv), "ab" * Level(2))
print("class_getitem:", TypedList[int], list[int], dict[str, int])
print("__class__ assign:", end=" ")


class A:
    def who(self):
        return "A"


class B:
    def who(self):
        return "B"


obj = A()
obj.__class__ = B
print(obj.who(), type(obj).__name__)


class Chain:
    def __init__(self, path=()):
        self.path = path

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Chain(self.path + (name,))

    def __call__(self, *args):
        return "/".join(self.path) + f"({', '.join(map(repr, args))})"


api = Chain()
print("fluent:", api.users.list(), api.orders.by_id(42, "x"))
print("dunder lookup bypasses instance:", len.__call__("abc"))
o = A()
o.__len__ = lambda: 5
try:
    len(o)
except TypeError as e:
    print("TypeError:", e)
