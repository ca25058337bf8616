"""a[i] = v where v is computed as a number: into the old item's box when
only the list holds it, else a new object; every other container, index
and old item as the interpreter does it."""
import sys


def scale_in_place(values, factor):
    for k in range(len(values)):
        values[k] = values[k] * factor
    return values


def shared_items_keep_their_value():
    a = [1.5, 2.5, 3.5]
    kept = a[0]
    other = [a[1]]
    for k in range(3):
        a[k] = a[k] * 2.0 + 0.25
    return a, kept, other


def int_stores(n):
    a = [0, 1000, -7, 2 ** 40, 2 ** 62]
    held = a[1]
    for step in range(n):
        a[0] = a[0] + 3  # small ints, then beyond 256
        a[1] = a[1] * 3  # grows past 2**60, 2**63: objects of other sizes
        a[2] = a[2] - 1000
        a[3] = a[3] // -3
        a[4] = a[4] + a[4]  # overflows int64 at once
    return a, held


def accumulate(n):
    out = [0.0, 0.0, 0.0]
    acc = 0.0
    for i in range(n):
        acc += 1.5
        out[i % 3] = acc * 0.5
        out[-1] += acc
    return out, acc


class Loud(float):
    def __del__(self):
        print("  del Loud", float(self))


class Finalised:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)


def old_items_with_finalisers():
    a = [Loud(1.0), Finalised("f"), 5]
    x = 2.0
    for k in range(2):
        print(" store", k)
        a[k] = x * 3.0
    print(" stored", a)


class Watching(list):
    def __setitem__(self, index, value):
        print("  setitem", index, value, sorted(k for k in sys._getframe(1).f_locals if k != "a"))
        super().__setitem__(index, value)


def subclass_and_dict():
    a = Watching([0.0, 0.0])
    d = {}
    t = 0.5
    for k in range(2):
        t = t * 3.0
        a[k] = t + 1.0
        d[k] = t * 2.0
        d["s" + str(k)] = k * 7
    return a, d


def mixed_types(items):
    out = [0, 0, 0, 0]
    for k, v in enumerate(items):
        out[k] = v * 2 + v
    return out


def index_arithmetic(values, shift):
    out = []
    for i in range(len(values) - 1):
        out.append(values[i + 1] - values[i - shift])
        values[i * 2 % len(values)] = values[i + 1] * 2
    return out, values


def index_errors(values, k):
    for make in (lambda: values[k * 2 ** 40 * 2 ** 30], lambda: values[k + 0.0],
                 lambda: values[k - 10], lambda: (1, 2)[k * 3]):
        try:
            make()
        except (IndexError, TypeError) as e:
            print(type(e).__name__, e)


def bad_index(values, index):
    values[index] = values[0] * 2.5
    return values


print(scale_in_place([1.0, -2.0, 0.5, float("inf")], 3.0))
print(shared_items_keep_their_value())
print(int_stores(5))
print(accumulate(10))
old_items_with_finalisers()
print(subclass_and_dict())
print(mixed_types([1, 2.5, "ab", [3]]))
print(index_arithmetic([1, 4, 9, 16, 25.0], 1), index_arithmetic(list(range(6)), 2))
index_errors([1, 2, 3], 1)
print(bad_index([1.0, 2.0], -2), bad_index([1.0, 2.0], 1))
for index in (2, -3, "0", 1.0):
    try:
        bad_index([1.0, 2.0], index)
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
t = (1.0, 2.0)
try:
    bad_index(t, 0)
except TypeError as e:
    print(type(e).__name__, e)
bad_index([1.0], 5)
