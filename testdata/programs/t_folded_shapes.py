"""Shapes CPython's AST optimizer and compiler rewrite: `in` over list/set
displays, for over constant displays, __debug__, f-strings without
placeholders, conditional expressions as conditions, asserts of and/or."""


class Noisy:
    def __init__(self, truth):
        self.truth = truth
        self.calls = 0

    def __bool__(self):
        self.calls += 1
        if self.truth is None:
            raise RuntimeError("no truth")
        return self.truth


def membership(x, a, b):
    return (x in ["message", "asctime"], x not in {"a", "b"}, x in [a, b], x in {a, 1},
            x in [], x in (1, 2), 0 < 1 in [1], x in [a, *b])


def loops(n):
    out = []
    for name, op in [("__lt__", "<"), ("__le__", "<=")]:
        out.append(name + op)
    for k in {3}:
        out.append(k)
    for v in [n, n + 1]:
        out.append(v)
    return out, [c * 2 for c in ["x", "y"]], sorted(c for c in {1, 2, 3})


def debug_flag(x):
    if __debug__:
        x += 1
    if not __debug__:
        x = None
    return x, __debug__


def fstrings(cycle):
    text = f"nodes are in a cycle"
    more = (f"tzpaths must be a list or tuple, "
            "not x")
    return text, more, f"", f"{cycle}"


def conditional_test(root, drv, n, other):
    if (root or drv) if n == 0 else other:
        return "yes"
    return "no"


def asserts(lineno):
    assert isinstance(lineno, int) and lineno >= 0, \
        "lineno must be an int >= 0"
    return lineno


import sys
import traceback


def dead_branches(margin):
    if 0 and margin:
        for line in margin:
            assert not line
    if 1 and margin:
        margin += "!"
    if __debug__ or margin.missing:
        margin += "?"
    if margin or 1:
        return margin


def assert_first_operand(arg):
    assert arg is None or isinstance(arg, int)
    return arg


class Pair:
    def reset(self):
        self.dev, self.ino = -1, -1
        return self.dev, self.ino


def return_through_finally(log):
    try:
        if log:
            return "early"
    finally:
        log.append("finally")
    return "late"


print(dead_branches("m"), dead_branches(""), assert_first_operand(None), assert_first_operand(2),
      Pair().reset(), return_through_finally([1]), return_through_finally([]))
try:
    assert_first_operand("x")
except AssertionError:
    traceback.print_exc(file=sys.stdout)
print(membership("a", "x", "y"), membership(1, 1, "b"))
print(loops(3), debug_flag(1), fstrings(7))
r = Noisy(True)
print(conditional_test(r, 0, 0, 1), r.calls, conditional_test(0, Noisy(False), 0, 1),
      conditional_test(0, 0, 1, 0))
print(asserts(3))
for bad in (-1, "x"):
    try:
        asserts(bad)
    except AssertionError as e:
        print("AssertionError", e)
try:
    membership(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
try:
    conditional_test(Noisy(None), 0, 0, 1)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    conditional_test(0, 0, 5, Noisy(None))
except RuntimeError:
    traceback.print_exc(file=sys.stdout)
asserts(-5)
