"""Loops over lists and tuples, whose iterators native code steps inline
(runtime_shim/native_ops_iteration.c): a list that grows, shrinks or has
items replaced while it is walked, an iterator exhausted and then offered
more, subclasses, and items that die as the loop moves on."""


def grows(values):
    seen = []
    for v in values:
        seen.append(v)
        if len(values) < 8:
            values.append(v * 2)
    return seen, values


def shrinks(values):
    seen = []
    for v in values:
        seen.append(v)
        if v == 3:
            del values[2:]
    return seen


def replaced(values):
    seen = []
    for i, v in enumerate(values):
        seen.append(v)
        if i + 1 < len(values):
            values[i + 1] = values[i + 1] * 10
    return seen


def exhausted_then_extended():
    values = [1, 2]
    it = iter(values)
    total = 0
    for v in it:
        total += v
    values.append(3)
    return total, list(it), next(it, "done")


class Items(list):
    pass


class Loud:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def items_die():
    values = [Loud("a"), Loud("b"), Loud("c")]
    for item in values:
        print("at", item.name)
        values[0] = None
    print("loop done")


def tuples_and_nested(rows):
    out = 0
    for row in rows:
        for x in row:
            out = out * 3 + x
    return out


print(grows([1, 2, 3]))
print(shrinks([1, 2, 3, 4, 5]))
print(replaced([1, 2, 3, 4]))
print(exhausted_then_extended())
print(grows(Items([5])))
items_die()
print(tuples_and_nested([(1, 2), [3], (), (4, 5, 6)]))
for empty in ([], ()):
    for never in empty:
        print("never")
print(sum(x for x in (1, 2, 3)))
