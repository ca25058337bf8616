"""len(x) kept a number while `len` is the builtin and x an exact list,
tuple, dict, set, str or bytes (backend/emit_native.cc); anything else is
the generic call: a __len__ that looks at the caller's frame, `len` rebound
in the module or in builtins midway, errors with their tracebacks."""
import builtins
import sys


def scan(values):
    i = 0
    total = 0
    while i < len(values):
        total += i * len(values)
        i += 1
    return total


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        caller = sys._getframe(1).f_locals
        print("__len__ sees i =", caller.get("i"), "total =", caller.get("total"))
        return self.n


class MyList(list):
    def __len__(self):
        return 2


def every_kind():
    out = []
    for x in ([1, 2], (1, 2, 3), {1: 2}, {1, 2, 3, 4}, frozenset(), "héllo", b"ab", bytearray(b"xyz"),
              range(7), MyList([1, 2, 3, 4, 5])):
        out.append(len(x))
    return out


real_len = len


def rebound_midway(values):
    global len
    i = 0
    seen = []
    while i < len(values):
        seen.append(len(values))
        if i == 1:
            len = lambda v: 3  # noqa: E731
        i += 1
    del len  # the builtin again
    return seen


def builtins_rebound(values):
    out = [len(values)]
    builtins.len = lambda v: -1
    try:
        out.append(len(values))
    finally:
        builtins.len = real_len
    out.append(len(values))
    return out


def bad(x):
    n = 0
    for _ in range(2):
        n += len(x)
    return n


print(scan([4, 5, 6]), scan(""), scan(Sized(3)))
print(every_kind())
print(rebound_midway([1, 2, 3, 4]))
print(builtins_rebound([1, 2]))
try:
    bad(5)
except TypeError as e:
    print("TypeError", e)
bad(None)
