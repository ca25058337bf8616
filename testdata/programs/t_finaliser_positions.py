# Where a finaliser finds its caller's frame (its line, and the caret of the
# traceback "Exception ignored in: ..." builds from it) when native code
# drops the last reference: at the instruction that drops it, as in the
# interpreter: a store rebinding a local (each target of an unpacking too),
# a cell, an attribute or an item; a del; the end of an except clause; a
# discarded result; a return.
import functools
import sys


class Reporting:
    """A C finaliser that raises: the report's traceback is the frame's."""
    __del__ = functools.partial(int, "x")  # no address in the report


class Telling:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print(self.tag, "finalised at line", sys._getframe(1).f_lineno)


def locals_and_loops():
    for i in range(2):
        r = Reporting()
    r = None
    for t in [Telling("loop 0"), Telling("loop 1")]:
        pass
    t = 0
    n = Telling("walrus")
    if (n := 5) > 3:
        print("walrus", n)
    del_me = Telling("del")
    del del_me
    print("locals done")


def cells():
    cell = Reporting()

    def inner():
        return cell

    cell = None
    told = Telling("cell")

    def inner2():
        return told

    told = 1
    print("cells done", inner(), inner2())


class Holder:
    pass


def attributes_and_items():
    h = Holder()
    h.a = Reporting()
    h.a = None
    h.b = Telling("attribute")
    del h.b
    d = {"k": Telling("item")}
    d["k"] = 1
    items = [Reporting()]
    items[0] = None
    print("attributes done")


class Grow(Telling):
    def __init__(self, tag):
        self.tag = tag

    def __iadd__(self, other):
        return Telling(self.tag + " grown")


def augmented():
    g = Grow("augmented")
    g += 1
    print("augmented done")


def raiser():
    witness = Telling("in the traceback's frame")
    raise KeyError("k")


def handlers():
    try:
        raiser()
    except KeyError as e:
        print("caught", e)
    print("handlers done")
    try:
        raiser()
    except KeyError:
        x = 1
    print("handler without name done")


def discarded():
    Telling("expression statement")
    len([Telling("argument")])
    print("discarded done")


def pair(tag):
    return Reporting(), Telling(tag)


def unpacking():
    a, b = Telling("swapped a"), Telling("swapped b")
    a, b = 1, 2
    c, d = pair("unpacked d")
    c, d = pair("unpacked d again")
    c, d = (
        5, 6) if c else None
    print("unpacking done")


def returning():
    local = Telling("at return")
    return 1


locals_and_loops()
cells()
attributes_and_items()
augmented()
handlers()
discarded()
unpacking()
returning()
print("done")
