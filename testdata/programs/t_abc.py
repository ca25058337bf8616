"""Abstract base classes for a storage backend layer."""
import abc
from collections.abc import Iterable, Mapping, MutableMapping, Sized, Container, Hashable, Callable, Sequence


class Storage(abc.ABC):
    """Abstract key/value storage."""

    @abc.abstractmethod
    def get(self, key):
        """Fetch a value."""

    @abc.abstractmethod
    def put(self, key, value):
        ...

    @property
    @abc.abstractmethod
    def name(self):
        ...

    @classmethod
    @abc.abstractmethod
    def create(cls):
        ...

    def get_or(self, key, default):
        try:
            return self.get(key)
        except KeyError:
            return default


class MemoryStorage(Storage):
    def __init__(self):
        self._data = {}

    def get(self, key):
        return self._data[key]

    def put(self, key, value):
        self._data[key] = value

    @property
    def name(self):
        return "memory"

    @classmethod
    def create(cls):
        return cls()


class HalfDone(Storage):
    def get(self, key):
        return None


class Store(MutableMapping):
    """Gets most of the dict API from MutableMapping mixins."""

    def __init__(self):
        self._d = {}

    def __getitem__(self, k):
        return self._d[k.lower()]

    def __setitem__(self, k, v):
        self._d[k.lower()] = v

    def __delitem__(self, k):
        del self._d[k.lower()]

    def __iter__(self):
        return iter(sorted(self._d))

    def __len__(self):
        return len(self._d)


class Duck:
    def __len__(self):
        return 0

    def __iter__(self):
        return iter(())


class Plugin(metaclass=abc.ABCMeta):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Plugin:
            return hasattr(C, "run") and callable(C.run)
        return NotImplemented


class Runner:
    def run(self):
        return "running"


class LegacyStore:
    def get(self, k):
        return k


Storage.register(LegacyStore)

m = MemoryStorage.create()
m.put("a", 1)
print(m.name, m.get("a"), m.get_or("b", "fallback"))
try:
    Storage()
except TypeError as e:
    print("TypeError:", e)
try:
    HalfDone()
except TypeError as e:
    print("TypeError:", e)
print("abstract methods:", sorted(Storage.__abstractmethods__), sorted(HalfDone.__abstractmethods__), MemoryStorage.__abstractmethods__)
print("registered virtual subclass:", issubclass(LegacyStore, Storage), isinstance(LegacyStore(), Storage), LegacyStore.__mro__[1].__name__)

s = Store()
s["Apple"] = 1
s["BANANA"] = 2
s.update({"cherry": 3}, Date=4)
print("mixins:", dict(s), "apple" in s, s.get("APPLE"), s.pop("banana"), s.setdefault("egg", 5), len(s))
print("keys/items/values:", list(s.keys()), list(s.items())[:2], sorted(s.values()))
s.popitem()
print("after popitem:", list(s), s == {"cherry": 3, "date": 4, "egg": 5})
print("isinstance checks:", isinstance(s, Mapping), isinstance({}, MutableMapping), isinstance([], Mapping))
print("duck typing:", isinstance(Duck(), Sized), isinstance(Duck(), Iterable), isinstance(Duck(), Container), issubclass(Duck, Sequence))
print("hashable:", isinstance((1,), Hashable), isinstance([], Hashable), isinstance(len, Callable))
print("subclasshook:", isinstance(Runner(), Plugin), isinstance(LegacyStore(), Plugin), issubclass(int, Plugin))
print("docs:", Storage.__doc__, "|", Storage.get.__doc__, "|", Storage.get.__isabstractmethod__)


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        return 0

    def describe(self):
        return f"{type(self).__name__} with area {self.area():.2f}"


class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s ** 2 + super().area()


class Circle(Shape):
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3.14159 * self.r ** 2


shapes = [Square(2), Circle(1), Square(1.5)]
for sh in sorted(shapes, key=lambda x: x.area()):
    print(" ", sh.describe())
print("total:", round(sum(sh.area() for sh in shapes), 3))
