"""A small LRU-ish inventory container with the container protocol and context manager."""


class Inventory:
    def __init__(self, name):
        self.name = name
        self._items = {}
        self._log = []

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return any(q > 0 for q in self._items.values())

    def __contains__(self, sku):
        return self._items.get(sku, 0) > 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            keys = sorted(self._items)[key]
            return [(k, self._items[k]) for k in keys]
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"no such sku: {key}") from None

    def __setitem__(self, key, qty):
        if qty < 0:
            raise ValueError("negative quantity")
        self._items[key] = qty
        self._log.append(("set", key, qty))

    def __delitem__(self, key):
        del self._items[key]
        self._log.append(("del", key))

    def __iter__(self):
        for k in sorted(self._items):
            yield k, self._items[k]

    def __reversed__(self):
        return iter(sorted(self._items, reverse=True))

    def __call__(self, sku, delta=1):
        self[sku] = self._items.get(sku, 0) + delta
        return self[sku]

    def __enter__(self):
        print(f"open {self.name}")
        self._snapshot = dict(self._items)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            print(f"rollback {self.name}: {exc_type.__name__}: {exc}")
            self._items = self._snapshot
            return exc_type is ValueError
        print(f"commit {self.name}")
        return False

    def __repr__(self):
        return f"Inventory({self.name!r}, {dict(self)!r})"


class Countdown:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return self.n - i


inv = Inventory("main")
print("empty:", len(inv), bool(inv), "apple" in inv)
inv["apple"] = 3
inv["pear"] = 0
inv("banana", 5)
inv("apple")
print(repr(inv), len(inv), bool(inv))
print("contains:", "pear" in inv, "apple" in inv, "kiwi" not in inv)
print("slice:", inv[1:], inv[::-1])
print("reversed:", list(reversed(inv)))
for sku, qty in inv:
    print(f"  {sku:<8}{qty:>3}")

with inv:
    inv("cherry", 10)
    inv["apple"] = -1
print("after failed tx:", repr(inv))

with inv as i2:
    del i2["pear"]
print("after ok tx:", repr(inv), inv._log[-1])

try:
    with inv:
        inv("kiwi", 2)
        inv["nothere"]
except KeyError as e:
    print("KeyError escaped:", e)
print("final:", repr(inv))
print("legacy iteration:", list(Countdown(4)), 2 in Countdown(4), 9 in Countdown(4))
print("callable:", callable(inv), callable(Countdown(1)))
