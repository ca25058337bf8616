# A native function's code object reads as the source's: its constants,
# names and bytecode, what dis shows of it, and copies made from it (which
# run the source's bytecode).
import dis
import inspect
import io
import sys
import marshal
import os
import re
import types
from contextlib import redirect_stdout


def scale(values, factor=2):
    "Multiply each value."
    total = 0
    for value in values:
        total += value * factor
    return [v * factor for v in values], total


def counter(limit):
    step = 1
    while limit > 0:
        yield limit
        limit -= step


def outer(n):
    def inner(k):
        return n + k
    return inner


class Shape:
    def __init__(self, sides):
        self.sides = sides

    def describe(self, unit="cm"):
        return "%d sides in %s" % (self.sides, unit)

    def count(self):
        return self.sides


def plain(text):
    """`text` without addresses and absolute paths."""
    text = re.sub(r"0x[0-9a-f]+", "0x...", text)
    return text.replace(os.path.dirname(plain.__code__.co_filename) + os.sep, "")


def show(fn):
    co = fn.__code__
    print(co.co_name, co.co_qualname, co.co_argcount, co.co_kwonlyargcount)
    print("  consts", plain(repr(co.co_consts)))
    print("  names", co.co_names, "varnames", co.co_varnames)
    print("  cellvars", co.co_cellvars, "freevars", co.co_freevars)
    print("  code", co.co_code.hex())
    print("  flags", co.co_flags, "nlocals", co.co_nlocals)
    if not co.co_flags & inspect.CO_GENERATOR:
        print("  stacksize", co.co_stacksize)
    print("  doc", fn.__doc__)


for fn in (scale, counter, outer, outer(1), Shape.__init__, Shape.describe, Shape.count):
    show(fn)


def disassembly(fn):
    out = io.StringIO()
    with redirect_stdout(out):
        dis.dis(fn)
    return plain(out.getvalue())


for fn in (scale, outer, outer(1), Shape.describe):
    print(disassembly(fn))
print(plain(dis.code_info(scale)))
print(plain(dis.code_info(Shape.describe)))
print(plain(dis.code_info(Shape.count)))
print([i.opname for i in dis.get_instructions(counter)])

# Copies are made from co_code and co_consts: they run the source's bytecode.
renamed = scale.__code__.replace(co_name="renamed")
print(renamed.co_name, types.FunctionType(renamed, globals())([1, 2], 3))
loaded = marshal.loads(marshal.dumps(counter.__code__))
print(list(types.FunctionType(loaded, globals())(3)))
rebuilt = types.FunctionType(outer(10).__code__, globals(), "rebuilt", None,
                             outer(20).__closure__)
print(rebuilt(1))
# The same code object in a new function still runs.
again = types.FunctionType(Shape.describe.__code__, globals())
print(again(Shape(3), "mm"))
print(scale([1, 2, 3]), list(counter(4)), Shape(4).describe())

# A profiler sees the calls the source makes, and no built-in call for the
# trampoline.
events = []
sys.setprofile(lambda frame, event, arg: events.append(
    (event, frame.f_code.co_name, getattr(arg, "__name__", None))))
Shape(5).count()
outer(1)(2)
sys.setprofile(None)
print(events)
