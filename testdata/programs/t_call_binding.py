"""Arguments bound by a native function's vectorcall entry (calls from C,
from bytecode and from native code with keywords): every parameter kind,
and every way a call can be wrong, as the interpreter binds and rejects them."""
import functools
import sys
import traceback


def plain(a, b=2, *, c, d=4):
    return ("plain", a, b, c, d)


def rest(a, *args, k=0, **kwargs):
    return ("rest", a, args, k, sorted(kwargs.items()))


def only_positional(a, b, /, c=3, **kwargs):
    return ("posonly", a, b, c, sorted(kwargs.items()))


def wrapper(*args, **kwargs):
    return ("wrapper", args, sorted(kwargs.items()))


def with_cell(x, *more, scale=2):
    def inner():
        return x * scale + len(more)
    return inner()


calls = [
    lambda: plain(1, c=3),
    lambda: plain(1, 5, c=3, d=6),
    lambda: plain(c=1, a=2),
    lambda: rest(1),
    lambda: rest(1, 2, 3, k=4, z=5, y=6),
    lambda: rest(*range(4), **{"k": 1, "extra": 2}),
    lambda: only_positional(1, 2),
    lambda: only_positional(1, 2, a=9, b=8, c=7),  # a and b go to **kwargs
    lambda: wrapper(),
    lambda: wrapper(1, x=2),
    lambda: with_cell(3, 1, 1, scale=5),
    lambda: functools.partial(plain, c=9)(1),
    lambda: list(map(functools.partial(rest, k=3), [1, 2])),
    lambda: sorted([3, 1, 2], key=functools.partial(plain, c=0)),
    # wrong calls: the interpreter's errors
    lambda: plain(1),
    lambda: plain(1, 2, 3, c=4),
    lambda: plain(1, a=2, c=3),
    lambda: plain(1, c=2, e=3),
    lambda: only_positional(a=1, b=2),
    lambda: rest(),
    lambda: rest(1, **{"k": 1}, **{"k": 2}),
    lambda: plain(1, **{3: 4}),
    lambda: functools.partial(plain, 1, 2, 3)(),
]

for call in calls:
    try:
        print(call())
    except TypeError:
        traceback.print_exc(file=sys.stdout)

# Defaults and keyword-only defaults changed at run time, and a swapped code.
plain.__kwdefaults__ = {"c": "new c", "d": "new d"}
plain.__defaults__ = ("new b",)
print(plain(0), functools.partial(plain)(1))
plain.__kwdefaults__ = None
try:
    plain(0)
except TypeError:
    traceback.print_exc(file=sys.stdout)
rest.__code__ = wrapper.__code__
print(rest(1, 2, z=3))

# A tracer sees each call (the interpreter's path).
seen = []
sys.setprofile(lambda frame, event, arg: seen.append((event, frame.f_code.co_name))
               if event == "call" else None)
functools.partial(only_positional, 1)(2, z=1)
sys.setprofile(None)
print(seen)
