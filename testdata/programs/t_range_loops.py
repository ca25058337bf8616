"""Loops over range(...) counted in 64-bit ints (ir/unbox_locals.h) and
lists and tuples indexed by an int local's number: every range shape, a
`range` rebound midway, indexes negative and out of range, containers that
are not lists, and frames that look at the loop variable."""
import sys

builtin_range = range


def shapes():
    out = []
    for args in [(5,), (2, 9), (9, 2, -2), (0,), (3, 3), (-5, 5, 3), (10, -10, -7),
                 (2 ** 62, 2 ** 62 + 3), (2 ** 63 - 3, 2 ** 63 + 2), (-(2 ** 63), -(2 ** 63) + 2),
                 (True, 4), (0, 2 ** 64, 2 ** 62)]:
        total = 0
        items = []
        for i in range(*args):
            total += i
            items.append(i * 2)
        out.append((args, total, items))
    return out


def float_from_index(n):
    acc = 0.0
    for x in range(n):
        acc = acc + 2.0 * x / n - 0.5
    return acc


def last_value(n):
    for i in range(n):
        pass
    try:
        return i
    except UnboundLocalError as e:
        return "unbound: " + str(e)


def index_lists(values, n):
    total = 0
    backwards = []
    for i in range(n):
        total += values[i]
        backwards.append(values[-1 - i])
    pairs = (10, 20, 30)
    for j in range(3):
        total += pairs[j] * pairs[-j - 1]
    return total, backwards


def store_items(n):
    data = [0] * n
    for i in range(n):
        data[i] = i * i
        data[-1] = i
    return data


class Doubling(list):
    def __getitem__(self, i):
        return 2 * list.__getitem__(self, i)


def other_containers(n):
    seen = []
    for i in range(n):
        seen.append(({0: "a", 1: "b", 2: "c"}[i], "xyz"[i], Doubling([5, 6, 7])[i], range(10, 20)[i]))
    return seen


def index_errors(values, n):
    total = 0
    for i in range(n):
        total += values[i]
    return total


def range_rebound(n):
    global range
    total = 0
    for i in range(n):
        total += i
        if i == 2:
            range = lambda k: [100, 200]  # noqa: E731
    for i in range(n):
        total += i
    range = builtin_range
    return total


def peek():
    return sys._getframe(1).f_locals.get("i")


def observed(n):
    seen = []
    for i in range(n):
        if i % 2:
            seen.append(peek())
    return seen


def mutate_while_indexing(n):
    data = list(builtin_range(n))
    total = 0
    for i in range(n):
        if i == 3:
            del data[5:]
        if i < len(data):
            total += data[i]
    return total, data


class Watcher:
    def __del__(self):
        caller = sys._getframe(1).f_locals
        print("replaced while i =", caller.get("i"), "total =", caller.get("total"))


def store_over_finalizers(n):
    slots = [Watcher() for _ in builtin_range(n)]
    total = 0.0
    for i in range(n):
        total += i * 1.5
        slots[i] = total  # the old item's __del__ looks at this frame
    return slots


print(store_over_finalizers(3))
print(shapes())
print(float_from_index(7))
print(last_value(4), last_value(0))
print(index_lists([3, 1, 4, 1, 5, 9, 2, 6], 8))
print(store_items(6))
print(other_containers(3))
print(range_rebound(5))
print(observed(7))
print(mutate_while_indexing(9))
for bad in ([1, 2], (1, 2), "ab"):
    try:
        index_errors(bad, 3)
    except Exception as e:
        print(type(e).__name__, e)
try:
    store_items_tuple = (1, 2)
    for i in range(2):
        store_items_tuple[i] = 0
except TypeError as e:
    print("TypeError", e)
index_errors([1, 2, 3], 4)
