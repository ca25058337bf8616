"""Unpacking into any target: attributes, subscripts, nested tuples, cells,
globals, starred targets (UNPACK_EX), with the interpreter's errors."""
import sys

COUNT = 0


class Box:
    pass


def attributes(pair):
    b = Box()
    b.x, b.y = pair
    return b.x, b.y


def subscripts(values):
    d = {}
    d["a"], d["b"] = values
    return d


def nested(data):
    (a, b), c = data
    for (k, v), w in [((1, 2), 3)]:
        pass
    return a, b, c, k, v, w


def starred(seq):
    first, *rest = seq
    *init, last = seq
    a, *mid, z = seq
    return first, rest, init, last, a, mid, z


def star_into_attribute(seq):
    b = Box()
    b.head, *b.tail = seq
    return b.head, b.tail


def cells_and_globals(pair):
    global COUNT
    x, COUNT = pair

    def get():
        return x
    return get(), COUNT


class Tracer:
    def __init__(self, log, name):
        self.log = log
        self.name = name

    def __setattr__(self, key, value):
        if key not in ("log", "name"):
            self.log.append((self.name, key, value))
        object.__setattr__(self, key, value)


def order(log):
    t1, t2 = Tracer(log, "t1"), Tracer(log, "t2")
    t1.a, t2.b, *t1.c = iter([1, 2, 3, 4])
    return log


def generator_items():
    yield 1
    yield 2
    raise KeyError("inside the iterable")


def errors(kind):
    b = Box()
    if kind == 0:
        b.x, b.y = [1, 2, 3]
    if kind == 1:
        b.x, b.y = [1]
    if kind == 2:
        a, *b.rest, c = [1]
    if kind == 3:
        a, *rest = 5
    if kind == 4:
        a, *rest, b.z = generator_items()
    if kind == 5:
        b.x, b.y = generator_items()
    return b


print(attributes((1, 2)), subscripts("xy"), nested([(1, 2), 3]))
print(starred([1, 2, 3, 4]), starred("ab"), star_into_attribute(range(4)))
print(cells_and_globals((5, 6)), COUNT, order([]))
for kind in range(6):
    try:
        errors(kind)
    except Exception as e:
        print(type(e).__name__, e)
import traceback
try:
    errors(4)
except KeyError:
    traceback.print_exc(file=sys.stdout)



class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


class Refuses:
    def __setattr__(self, key, value):
        if key == "bad":
            raise AttributeError("refused " + key)
        object.__setattr__(self, key, value)


def store_fails(make):
    r = Refuses()
    try:
        r.ok, r.bad, r.late = make()
    except AttributeError as e:
        print("caught", e)
    print("after", sorted(vars(r)))


def nested_store_fails():
    r = Refuses()
    try:
        (r.ok, r.bad), r.late = [Noisy("n1"), Noisy("n2")], Noisy("n3")
    except AttributeError as e:
        print("caught", e)
    print("after nested", sorted(vars(r)))


def mutated_while_storing():
    data = [1, 2, 3]

    class Clearing:
        def __setattr__(self, key, value):
            data.clear()
            object.__setattr__(self, key, value)

    c = Clearing()
    c.a, c.b, c.c = data
    return c.a, c.b, c.c, data


def unpacked_in_loop(rows):
    total = 0
    for (a, b), [c, d] in rows:
        total += a * b + c * d
    return total


store_fails(lambda: [Noisy("a"), Noisy("b"), Noisy("c")])
store_fails(lambda: (Noisy("t1"), Noisy("t2"), Noisy("t3")))
store_fails(lambda: iter([Noisy("i1"), Noisy("i2"), Noisy("i3")]))
nested_store_fails()
print(mutated_while_storing())
print(unpacked_in_loop([((1, 2), [3, 4]), ([5, 6], (7, 8)), (range(2), "ab" and [9, 10])]))
try:
    unpacked_in_loop([((1, 2), [3, 4]), ((1, 2, 3), [3, 4])])
except ValueError as e:
    print(type(e).__name__, e)
errors(2)
