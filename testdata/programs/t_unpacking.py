"""Tuple unpacking in assignments, loops, swaps and function returns (geometry helpers)."""


def bounding_box(points):
    xs, ys = zip(*points)
    return (min(xs), min(ys)), (max(xs), max(ys))


def split_name(full):
    first, *middle, last = full.split()
    return first, " ".join(middle), last


points = [(3, 4), (-1, 7), (5, -2), (0, 0)]
(x0, y0), (x1, y1) = bounding_box(points)
print("bbox:", x0, y0, x1, y1, "area:", (x1 - x0) * (y1 - y0))

a, b = 1, 2
a, b = b, a
print("swap:", a, b)
a, b, c = c, a, b = "xyz"
print("chained unpack:", a, b, c)
x = y = z = 0
x += 1
print("chained assign:", x, y, z)

for i, (name, (lat, lon)) in enumerate([("oslo", (59.9, 10.7)), ("rome", (41.9, 12.5))], start=1):
    print(f"  {i}. {name}: {lat:.1f},{lon:.1f}")

for first, middle, last in map(split_name, ["Ada King Lovelace", "Alan Turing", "John Ronald Reuel Tolkien"]):
    print(f"  {last}, {first} [{middle}]")

pairs = {"a": 1, "b": 2}
for key, value in pairs.items():
    print("  pair", key, value)

[p, q], r = "pq", "r"
print("list target:", p, q, r)
(m, n), = [(1, 2)]
print("single-element tuple target:", m, n)
head, *_, tail = range(100)
print("ignore middle:", head, tail)
(*init,) = (1, 2, 3)
print("starred only:", init)

record = ("2024-05-01", "deposit", "120.50", "EUR")
date, kind, amount, currency = record
year, month, day = map(int, date.split("-"))
print("parsed:", year, month, day, kind, float(amount), currency)

d = {}
d["k1"], d["k2"] = "v1", "v2"


class Box:
    pass


bx = Box()
bx.w, bx.h = 3, 4
lst = [0, 0, 0]
lst[0], lst[2] = "first", "last"
print("targets:", d, (bx.w, bx.h), lst)

i = 0
arr = [10, 20, 30]
i, arr[i] = 1, 99
print("left-to-right assignment:", i, arr)


def divide(a, b):
    return a // b, a % b


q_, r_ = divide(17, 5)
print("multiple return:", q_, r_, divide(-17, 5))
nested = [(1, (2, 3)), (4, (5, 6))]
print("nested comp unpack:", [a + b + c for a, (b, c) in nested])
print("dict unpack in loop:", sorted(k for k, _ in {"z": 1, "y": 2}.items()))
try:
    (a, b), c = [1, 2], 3, 4
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
try:
    first, second = {"only": 1}
except ValueError as e:
    print("ValueError:", e)
it = iter(range(3))
a, b, c = it
print("from iterator:", a, b, c)
s1, s2 = {"k": "v"}.popitem()
print("popitem unpack:", s1, s2)
