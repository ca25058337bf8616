# Attribute loads that change under the reader's feet: class attributes
# added later, instance dicts, deleted attributes, subclasses, __getattr__.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Lazy:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        return "computed " + name


def read_x(points):
    total = 0
    for p in points:
        total += p.x
    return total


def read_any(obj, rounds):
    out = []
    for _ in range(rounds):
        out.append(obj.x)
    return out


points = [Point(i, -i) for i in range(5)] + [Point3(i, i, i) for i in range(3)]
print(read_x(points), read_x(points))

p = Point(7, 8)
print(read_any(p, 3))
Point.x = property(lambda self: 1000)
print(read_any(p, 2), read_x([p, p]))
del Point.x
print(read_any(p, 2))

q = Point(3, 4)
q.__dict__["x"] = 30
print(read_any(q, 2), sorted(vars(q)))
del q.x
try:
    read_any(q, 1)
except AttributeError as error:
    print("AttributeError:", error)

lazy = Lazy()
print(read_any(lazy, 2))
lazy.x = "set later"
print(read_any(lazy, 2))


class Slotted:
    __slots__ = ("x",)

    def __init__(self):
        self.x = "slot"


print(read_any(Slotted(), 2))
