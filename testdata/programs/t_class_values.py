"""Plain class values read through an instance (self.LIMIT, self.ROUTES):
found from the site's cache while nothing can shadow them, and every way
the answer changes: an instance setting its own value (on this or another
instance), a __dict__ made real, the class value rebound, a subclass, a
__slots__ class, a value whose class later gains __get__, del."""


class Box:
    pass


class Config:
    LIMIT = 3
    ROUTES = [["a", "b"], ["c"]]
    TAG = Box()

    def __init__(self, name):
        self.name = name

    def read(self, n):
        out = []
        for i in range(n):
            out.append((self.LIMIT, len(self.ROUTES[i % 2])))
            if i == 2:
                self.LIMIT = 10  # this instance's own value from now on
            if i == 4:
                del self.LIMIT  # the class value again
        return out


class Strict(Config):
    LIMIT = 100


class Slotted:
    __slots__ = ("x",)
    STEP = 2

    def walk(self, n):
        self.x = 0
        for _ in range(n):
            self.x += self.STEP
        return self.x


def others_set_it(n):
    a, b = Config("a"), Config("b")
    out = []
    for i in range(n):
        out.append((a.LIMIT, b.LIMIT))
        if i == 1:
            b.LIMIT = -1  # the shared keys grow: a still sees the class value
        if i == 3:
            Config.LIMIT = 4  # the class value rebound
    Config.LIMIT = 3
    return out


def real_dict(n):
    c = Config("d")
    out = []
    for i in range(n):
        out.append(c.LIMIT)
        if i == 1:
            vars(c)["LIMIT"] = 7
    return out


def gains_get(n):
    c = Config("g")
    out = []
    for i in range(n):
        out.append(type(c.TAG).__name__)
        if i == 1:
            Box.__get__ = lambda self, obj, cls: "got"
    return out


print(Config("x").read(6))
print(Strict("s").read(4))
print(Slotted().walk(5))
print(others_set_it(5))
print(real_dict(4))
print(gains_get(4))
print(Config("y").MISSING)
