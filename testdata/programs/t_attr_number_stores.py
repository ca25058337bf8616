"""a.name = number (self.count += 1, self.total += x * 0.5): the number goes
into the attribute's old int or float when only the instance holds it, and
every other case stores a new object as the source does: a value someone
else still holds, __slots__, properties, __setattr__, a __dict__ made
real, an attribute not set yet, a str or an int past 64 bits, a subclass."""


class Counter:
    def __init__(self):
        self.count = 0
        self.total = 0.0
        self.label = "c"

    def tick(self, n):
        kept = []
        for i in range(n):
            self.count += 1
            self.total += i * 0.5
            if i % 3 == 0:
                kept.append((self.count, self.total))  # held: never changed under us
        return kept


class Slotted:
    __slots__ = ("count", "scale")

    def __init__(self):
        self.count = 10 ** 6
        self.scale = 1.5

    def run(self, n):
        for i in range(n):
            self.count = self.count * 3 + i
            self.scale = self.scale * 2.0 - 1
        return self.count, self.scale


class Watched(Counter):
    def __setattr__(self, name, value):
        object.__setattr__(self, name, (value if type(value) is not int else value))
        self.__dict__.setdefault("log", []).append(name)


class Clamped:
    def __init__(self):
        self._v = 0

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, value):
        self._v = min(value, 5)

    def bump(self, n):
        for _ in range(n):
            self.v = self.v + 1
        return self.v, self._v


def shared_values(obj, n):
    seen = []
    for _ in range(n):
        before = obj.count
        obj.count += 7
        seen.append((before, obj.count, before is obj.count))
    return seen


def overflow(obj):
    out = []
    obj.count = 2 ** 62
    for _ in range(4):
        obj.count += 2 ** 61  # past 64 bits: a new int
        out.append(obj.count)
    obj.count = "s"
    try:
        obj.count += 1
    except TypeError as e:
        out.append(str(e))
    return out


def materialized_dict(obj, n):
    vars(obj)  # the instance's __dict__ made real
    for _ in range(n):
        obj.count += 1
    return obj.count, obj.__dict__


def unset_then_set(n):
    class Fresh:
        pass

    f = Fresh()
    f.x = 1
    for i in range(n):
        f.x = f.x + i
        f.y = f.x * 2  # f.y not there on the first turn
    return f.x, f.y


c = Counter()
print(c.tick(10), c.count, c.total)
print(Slotted().run(5))
w = Watched()
print(w.tick(4), w.count, w.log[-6:])
print(Clamped().bump(9))
print(shared_values(Counter(), 4))
print(overflow(Counter()))
print(materialized_dict(Counter(), 5))
print(unset_then_set(6))
big = Counter()
big.count = 2 ** 63 - 3
big.tick(5)
