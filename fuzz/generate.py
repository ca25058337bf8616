"""Seeded generator of differential-test programs: generate(seed) -> source.

A program is a module that does its work when imported: a few helpers
(`fmt`, `show`), then sections drawn from the fragment makers below, each a
function `sec_N` plus the module-level names it uses, then `main()` calling
every section (an exception escaping a section is printed), then `main()`
itself, and sometimes a finale that ends in an uncaught exception. The
weight is on what a speculating compiler gets wrong: numbers at the int64
and double edges, and hot loops where an operand's type, a class, a global,
a builtin, `__code__`, `__defaults__` or `__class__` changes midway.

Programs are deterministic (no id(), no str hashes, sets only of small
ints, no default reprs: every generated class has a `__repr__`), terminate,
and restore the builtins they rebind so that `main()` can run again (the
leak mode of run.py calls it repeatedly).

    python3.11 fuzz/generate.py SEED      # print one program
"""
import random
import sys

# Values at the edges of int64, of doubles and of the small-int fast paths.
INT_EDGES = ["0", "1", "-1", "2", "-3", "7", "255", "2**31", "-2**31", "2**53 + 1",
             "2**62", "2**63 - 1", "2**63", "-2**63", "-2**63 - 1", "2**64", "2**64 - 1",
             "10**20", "-10**19", "3**40", "True", "False"]
FLOAT_EDGES = ["0.0", "-0.0", "0.5", "-2.5", "1e308", "-1e308", "5e-324", "1e16",
               "float('inf')", "float('-inf')", "float('nan')", "2.0**53", "0.1", "-7.25"]
BINOPS = ["+", "-", "*", "/", "//", "%", "&", "|", "^"]
SMALL_EXPONENTS = ["0", "1", "2", "3", "-1", "-2", "0.5", "-0.5", "63", "64"]
SHIFTS = ["0", "1", "3", "31", "62", "63", "64", "65", "-1"]
WORDS = ["acc", "val", "item", "node", "box", "spot", "wave", "leaf", "rank", "flux",
         "kit", "part", "seed", "tally", "unit", "cell", "pin", "knot", "gear", "tick"]

PRELUDE = '''\
import builtins
import math
import sys


def fmt(x):
    try:
        s = repr(x)
    except Exception as e:
        s = "<" + type(e).__name__ + ">"
    return s if len(s) <= 80 else s[:40] + "..." + str(len(s))


def show(label, thunk):
    try:
        print(label, fmt(thunk()))
    except Exception as e:
        print(label, "!", type(e).__name__, str(e)[:100])
'''


class Code:
    """Lines of Python with an indentation level."""

    def __init__(self):
        self.lines = []
        self.level = 0

    def __call__(self, text):
        for line in text.split("\n"):
            self.lines.append("    " * self.level + line if line else "")

    def block(self, header):
        return _Block(self, header)

    def text(self):
        return "\n".join(self.lines) + "\n"

    def at_iterations(self, points, changes, guarded=False):
        """`if i == POINT: CHANGE` in a loop over i; a guarded change prints
        what it raises."""
        for point, change in zip(points, changes):
            with self.block(f"if i == {point}:"):
                if not guarded:
                    self(change)
                    continue
                with self.block("try:"):
                    self(change)
                with self.block("except Exception as e:"):
                    self(f"print('mutation', {change!r}, type(e).__name__, e)")

    def counting_errors(self, statements, errs, fallback=None):
        """Runs statements; an exception is counted by type in the dict errs."""
        with self.block("try:"):
            self(statements)
        with self.block("except Exception as e:"):
            self(f"{errs}[type(e).__name__] = {errs}.get(type(e).__name__, 0) + 1")
            if fallback:
                self(fallback)


class _Block:
    def __init__(self, code, header):
        self.code, self.header = code, header

    def __enter__(self):
        self.code(self.header)
        self.code.level += 1
        self.start = len(self.code.lines)

    def __exit__(self, *exc):
        if len(self.code.lines) == self.start:
            self.code("pass")
        self.code.level -= 1


class Gen:
    """Random choices and fresh names for one program."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.counter = 0

    def name(self, kind="v"):
        self.counter += 1
        return f"{kind}_{self.rng.choice(WORDS)}{self.counter}"

    def choice(self, items):
        return self.rng.choice(items)

    def chance(self, p):
        return self.rng.random() < p

    def int(self, lo, hi):
        return self.rng.randint(lo, hi)

    def sample(self, items, k):
        return self.rng.sample(items, min(k, len(items)))

    def edge(self):
        return self.choice(INT_EDGES if self.chance(0.65) else FLOAT_EDGES)

    def loop_count(self):
        return self.choice([50, 64, 100, 128, 200, 257, 300, 500])

    def switch_points(self, n, k):
        return sorted(self.rng.sample(range(1, n - 1), k))

    def leaf(self, leaves):
        leaf = self.choice(leaves)
        return leaf if leaf.isidentifier() or leaf.replace(".", "").isdigit() else f"({leaf})"

    def expr(self, leaves, depth, growth=True):
        """A random arithmetic expression over leaves (names or literals);
        without growth, no powers or long shifts (for hot loops)."""
        if depth == 0 or self.chance(0.3):
            return self.leaf(leaves)
        kind = self.rng.random()
        sub = lambda: self.expr(leaves, depth - 1, growth)  # noqa: E731
        if kind < 0.55 or (not growth and kind < 0.65):
            return f"({sub()} {self.choice(BINOPS)} {sub()})"
        if kind < 0.65:
            return f"({self.leaf(leaves)} ** {self.choice(SMALL_EXPONENTS)})"  # no towers
        if kind < 0.73:
            shifts = SHIFTS if growth else ["0", "1", "3", "-1"]
            return f"({sub()} {self.choice(['<<', '>>'])} {self.choice(shifts)})"
        if kind < 0.8:
            return f"({self.choice(['-', '~', '+', 'not '])}{sub()})"
        if kind < 0.9:
            fn = self.choice(["abs", "int", "float", "round", "divmod", "min", "max", "math.floor",
                              "math.trunc", "bool", "hash"])
            if fn == "divmod":  # one item: a tuple times a big int would never end
                return f"divmod({sub()}, {sub()})[{self.choice(['0', '1'])}]"
            if fn in ("min", "max"):
                return f"{fn}({sub()}, {sub()})"
            if fn == "hash":  # hashes of numbers are deterministic
                fn = "abs"
            return f"{fn}({sub()})"
        op = self.choice(["<", "<=", "==", "!=", ">", ">="])
        return f"({sub()} {op} {sub()})"


# ---------------------------------------------------------------------------
# Fragment makers: each writes module-level code into `top` and the body of
# its section function `def name():` into `body` (already indented).


def frag_numbers(g, top, body):
    """Straight-line arithmetic on edge values, literals inline and in names."""
    names = [g.name("n") for _ in range(g.int(2, 4))]
    for n in names:
        body(f"{n} = {g.edge()}")
    leaves = names + [g.edge() for _ in range(3)]
    for _ in range(g.int(4, 9)):
        e = g.expr(leaves, g.int(1, 3))
        if g.chance(0.5):
            body(f"show({e!r}, lambda: {e})")
        else:
            with body.block("try:"):
                body(f"print({e!r}, fmt({e}))")
            with body.block("except Exception as e:"):
                body(f"print({e!r}, 'raised', type(e).__name__, str(e)[:100])")
    a, b = g.choice(names), g.choice(names)
    body(f"for x, y in [({a}, {b}), ({b}, {a}), (-7, 2), (7, -2), (-7, -2), (-7.5, 2)]:")
    body(f"    show('divmod', lambda: (x // y, x % y, divmod(x, y)) if y else 'zero')")
    body(f"show('pow', lambda: (pow({g.choice(['2', '-2', '3', '10**20', '2**63'])}, {g.choice(['-1', '-3', '64', '65'])}),"
         f" pow({g.choice(['3', '-3', '2**64'])}, {g.choice(['-1', '5', '100'])}, {g.choice(['7', '2**61 - 1', '-5'])})))")
    body(f"show('cmp', lambda: [({a} == {b}), ({a} < {b}), math.copysign(1, {g.choice(['-0.0', '0.0', a])})])")


def frag_numeric_loop(g, top, body):
    """A hot arithmetic loop whose intermediates leave int64 or hit edges."""
    n = g.loop_count()
    acc, x = g.name("acc"), g.name("x")
    start = g.choice(["0", "1", "2**62", "2**63 - 7", "-2**63 + 3", "0.5", "-1", "10**18"])
    body(f"{acc} = {start}")
    body(f"{x} = {g.choice(['3', '7', '2**31 - 1', '1.5', '-9', '2**40'])}")
    mod = g.choice(["2**61 - 1", "1000003", "2**64", "97", "-13", "2**63"])
    step = g.choice([
        f"{acc} = ({acc} * {x} + i) % ({mod})",
        f"{acc} = {acc} * 3 + i * {x}",
        f"{acc} += i * i * {x} - {acc} // 7",
        f"{acc} = ({acc} ^ (i << 20)) + {x} * i",
        f"{acc} = {acc} - i / {x} if i % 3 else {acc} + i // 2",
        f"{acc} = ({acc} + i * {x}) % ({mod}) - (i % 5) * 2**61",
        f"{acc} = {acc} * {x} // (i + 1) + (-i) % 7",
        f"{acc} = ({acc} << 1) - ({acc} >> 1) + i",
    ])
    with body.block(f"for i in range({n}):"):
        if g.chance(0.6):
            k = g.int(1, n - 2)
            with body.block(f"if i == {k}:"):
                new_x = g.choice(["2.5", "-0.0", "2**63", "-1", "float('inf')", "10**30", "True", "3"])
                body(f"{x} = {new_x}")
        with body.block("try:"):
            body(step)
        with body.block("except Exception as e:"):
            body("print('at', i, type(e).__name__, str(e)[:80])")
            body("break")
        with body.block(f"if i % {max(1, n // 4)} == 0:"):
            body(f"print('step', i, fmt({acc}))")
    body(f"print('final', fmt({acc}), fmt({x}))")


SUBCLASS_BASES = {
    "int": ("int(self)", "0"),
    "float": ("float(self)", "0.0"),
    "str": ("str(self)", "''"),
    "list": ("list(self)", "[]"),
}


def subclass_def(g, base, cls):
    """A subclass of a builtin that overrides an operator; its repr is its own."""
    plain, _ = SUBCLASS_BASES[base]
    c = Code()
    with c.block(f"class {cls}({base}):"):
        op = g.choice(["__add__", "__radd__", "__mul__", "__sub__", "__eq__", "__lt__"])
        if base in ("str", "list") and op in ("__sub__",):
            op = "__add__"
        c(f"def __repr__(self):\n    return '{cls}(' + repr({plain}) + ')'")
        if op == "__add__":
            bump = {"int": "1", "float": "0.25", "str": "'+'", "list": "[0]"}[base]
            c(f"def __add__(self, other):\n    return {base}.__add__(self, other) + {bump}")
            if g.chance(0.5):
                c(f"def __radd__(self, other):\n    return '{cls}-radd'")
        elif op == "__radd__":
            c("def __radd__(self, other):\n    return 'radd:' + type(other).__name__")
        elif op == "__mul__":
            c(f"def __mul__(self, other):\n    return {base}.__mul__(self, 2) if isinstance(other, int) else NotImplemented")
        elif op == "__sub__":
            c("def __sub__(self, other):\n    return -1")
        elif op == "__eq__":
            c("def __eq__(self, other):\n    return True\n__hash__ = None" if g.chance(0.5)
              else f"def __eq__(self, other):\n    return {base}.__eq__(self, other) is not True")
        else:
            c("def __lt__(self, other):\n    return False")
        if base == "list" and g.chance(0.5):
            c("def __len__(self):\n    return list.__len__(self) + 100")
        if base == "list" and g.chance(0.5):
            c("def __getitem__(self, i):\n    return list.__getitem__(self, i) if isinstance(i, slice) else 'item'")
        if base == "str" and g.chance(0.4):
            c("def __len__(self):\n    return 7")
    return c.text()


def frag_type_change_loop(g, top, body):
    """acc OP v over N iterations while v changes type at chosen iterations."""
    n = g.loop_count()
    base = g.choice(list(SUBCLASS_BASES))
    cls = g.name("Sub").capitalize()
    top(subclass_def(g, base, cls))
    op = g.choice(["+", "+", "-", "*", "//", "%", "|", "<"])
    seq_ok = op in ("+", "<")
    values = ["3", "-2", "2**63 - 1", "2.5", "-0.0", "True", "float('nan')", "0",
              f"{cls}({ {'int': '5', 'float': '1.5', 'str': repr('ab'), 'list': '[1, 2]'}[base] })"]
    if seq_ok:
        values += ["'xy'", "[7]", "(1,)"]
    phases = g.switch_points(n, g.int(2, 4))
    acc, v, errs = g.name("acc"), g.name("v"), g.name("errs")
    use_helper = g.chance(0.5)
    helper = g.name("step")
    if use_helper:
        top(f"def {helper}(a, b):\n    return a {op} b\n")
    body(f"{acc} = {g.choice(['0', '1', '0.0', '2**62'])}")
    body(f"{v} = {g.choice(values[:6])}")
    body(f"{errs} = {{}}")
    with body.block(f"for i in range({n}):"):
        for k, p in enumerate(phases):
            with body.block(("if" if k == 0 else "elif") + f" i == {p}:"):
                body(f"{v} = {g.choice(values)}")
                if g.chance(0.4):
                    body(f"{acc} = {g.choice(['0', chr(39) * 2, '[]', '0.0', v])}")
        if use_helper:
            step = f"{acc} = {helper}({acc}, {v})"
        elif op == "<":
            step = f"{acc} = ({acc} < {v}) + i"
        else:
            step = f"{acc} = {acc} {op} {v}"
        if op == "*":  # keep products bounded
            step += (f"\nif isinstance({acc}, (str, list, tuple)) and len({acc}) > 1000:\n    {acc} = {acc}[:10]"
                     f"\nif isinstance({acc}, int) and abs({acc}) > 2**200:\n    {acc} = {acc} % 1000003")
        if op == "+":  # and sums of sequences
            step += f"\nif isinstance({acc}, (str, list, tuple)) and len({acc}) > 60:\n    {acc} = {acc}[-5:]"
        body.counting_errors(step, errs)
        with body.block(f"if i % {max(1, n // 5)} == 0 or i in {phases}:"):
            body(f"print(i, fmt({acc}), type({acc}).__name__)")
    body(f"print('done', fmt({acc}), sorted({errs}.items()))")


def frag_class_mutation_loop(g, top, body):
    """Method calls and attribute reads on objects whose classes change midway."""
    base, cls, other = g.name("Base").capitalize(), g.name("K").capitalize(), g.name("Other").capitalize()
    slots = g.chance(0.25)
    n = g.loop_count()
    c = Code()
    with c.block(f"class {base}:"):
        c(f"scale = {g.choice(['2', '3', '0.5', '-1'])}")
        c("def f(self, x):\n    return x * self.scale")
        c("def __repr__(self):\n    return type(self).__name__ + '(' + repr(self.v) + ')'")
    with c.block(f"class {cls}({base}):"):
        if slots:
            c("__slots__ = ('v', 'w')")
        with c.block("def __init__(self, v):"):
            c("self.v = v")
            if g.chance(0.5):
                c("super().__init__()")
        c("def g(self, x):\n    return self.f(x) + self.v")
        if g.chance(0.5):
            c("def f(self, x):\n    return super().f(x) - 1")
        c("@property\ndef p(self):\n    return self.v * 2")
        c("def __add__(self, other):\n    return self.v + other")
    with c.block(f"class {other}({base}):"):
        if slots:
            c("__slots__ = ('v', 'w')")
        c("def g(self, x):\n    return -x")
        c("def f(self, x):\n    return 1000")
        c("@property\ndef p(self):\n    return 'other'")
        c("def __add__(self, other):\n    return 'added'")
    local = g.chance(0.5)
    if local:
        body(c.text())
    else:
        top(c.text())
    mutations = [
        f"{cls}.scale = {g.choice(['7', '2.5', '2**63', chr(39) + 'ab' + chr(39)])}",
        f"{base}.scale = {g.choice(['11', '-0.0', '2**64'])}",
        f"{base}.f = lambda self, x: x + 100",
        f"{cls}.g = lambda self, x: x * 2",
        f"{cls}.f = lambda self, x: self.v",
        f"o.__class__ = {other}",
        f"o.scale = {g.choice(['5', '1.5'])}",
        f"{cls}.p = property(lambda self: -self.v)",
        f"{cls}.__add__ = lambda self, other: other * 3",
        f"{cls}.__init__ = lambda self, v: setattr(self, 'v', v * 10)",
        f"del {cls}.g",
        f"o.v = {g.choice(['2.5', chr(39) + 's' + chr(39), '2**63'])}",
    ]
    chosen = g.sample(mutations, g.int(2, 4))
    points = g.switch_points(n, len(chosen))
    reads = g.sample(["o.g(i)", "o.f(i)", "o.p", "o + i", f"{cls}(i).v", "o.scale",
                      f"{cls}.scale", f"{cls}(i).g(1)", "getattr(o, 'v')"], g.int(2, 4))
    total, errs = g.name("total"), g.name("errs")
    body(f"o = {cls}({g.choice(['3', '1.5', '-2'])})")
    body(f"{total} = 0\n{errs} = []")
    with body.block(f"for i in range({n}):"):
        body.at_iterations(points, chosen, guarded=True)
        for r in reads:
            with body.block("try:"):
                body(f"r = {r}")
                body(f"{total} = {total} + r if not isinstance(r, str) else {total}")
            with body.block("except Exception as e:"):
                body(f"{errs}.append((i, type(e).__name__))")
    body(f"print('total', fmt({total}), {errs}[:4], len({errs}), fmt(o))")
    if not local:  # the next run of main() starts from the original classes
        body(f"{cls}.scale = {base}.scale")


def frag_global_builtin_loop(g, top, body):
    """A module-level helper reads a global and builtins that get rebound."""
    glob, helper, alt = g.name("G").upper(), g.name("helper"), g.name("alt")
    n = g.loop_count()
    builtin = g.choice(["len", "abs", "min", "max", "sum"])
    call = {"len": "len(seq)", "abs": "abs(i - {G})", "min": "min(i, {G})",
            "max": "max(seq)", "sum": "sum(seq)"}[builtin].format(G=glob)
    top(f"{glob} = {g.choice(['3', '2**63 - 1', '0.5'])}\n")
    top(f"def {helper}(seq, i):\n    return {call} + {glob} * i\n")
    top(f"def {alt}(seq, i):\n    return -i\n")
    mutations = [
        f"{glob} = {g.choice(['2.5', '-2**63', '10**25', '7'])}",
        f"{glob} = 'z'",
        f"builtins.{builtin} = lambda *a: 42",
        f"globals()['{builtin}'] = lambda *a: -5",
        f"globals().pop('{builtin}', None)",
        f"{helper} = {alt}",
        f"{helper} = {g.choice([f'lambda seq, i: {builtin}(seq)', 'max'])}",
        f"del builtins.{builtin}",
    ]
    chosen = g.sample(mutations, g.int(2, 4))
    points = g.switch_points(n, len(chosen))
    total, errs = g.name("total"), g.name("errs")
    saved_helper = g.name("saved")
    body(f"global {glob}, {helper}")
    body(f"saved_builtin = builtins.{builtin}\n{saved_helper} = {helper}\nsaved_global = {glob}")
    body(f"{total} = 0\n{errs} = {{}}\nseq = [4, 1, 3]")
    with body.block("try:"):
        with body.block(f"for i in range({n}):"):
            body.at_iterations(points, chosen)
            body.counting_errors(f"{total} += {helper}(seq, i)", errs)
    with body.block("finally:"):
        body(f"builtins.{builtin} = saved_builtin")
        body(f"globals().pop('{builtin}', None)")
        body(f"{helper} = {saved_helper}\n{glob} = saved_global")
    body(f"print('total', fmt({total}), sorted({errs}.items()))")


def frag_code_swap_loop(g, top, body):
    """A function whose __code__, __defaults__ or __kwdefaults__ change midway."""
    f, other, gen = g.name("fa"), g.name("fb"), g.name("fg")
    n = g.loop_count()
    c = Code()
    c(f"def {f}(a, b={g.choice(['2', '0.5', '2**62'])}, *, c=1):\n    return a * b + c\n")
    c(f"def {other}(a, b=3, *, c=5):\n    return a - b - c\n")
    c(f"def {gen}(a, b=1, *, c=0):\n    yield a\n    yield b\n")
    local = g.chance(0.4)
    (body if local else top)(c.text())
    caller = g.name("call")
    if g.chance(0.5):
        (body if local else top)(f"def {caller}(i):\n    return {f}(i)\n")
    else:
        caller = f
    mutations = [
        f"{f}.__code__ = {other}.__code__",
        f"{f}.__defaults__ = ({g.choice(['10', '-1.5', chr(39) + 'q' + chr(39), '2**64'])},)",
        f"{f}.__defaults__ = None",
        f"{f}.__kwdefaults__ = {{'c': {g.choice(['100', '0.25'])}}}",
        f"{f}.__kwdefaults__ = None",
        f"{f}.__code__ = {gen}.__code__",
        f"{f}.__code__ = (lambda a, b=0, *, c=0: a + 1).__code__",
    ]
    chosen = g.sample(mutations, g.int(2, 3))
    points = g.switch_points(n, len(chosen))
    total, errs = g.name("total"), g.name("errs")
    body(f"saved = ({f}.__code__, {f}.__defaults__, {f}.__kwdefaults__)")
    body(f"{total} = 0\n{errs} = []")
    with body.block("try:"):
        with body.block(f"for i in range({n}):"):
            body.at_iterations(points, chosen)
            with body.block("try:"):
                body(f"r = {caller}(i)")
                body(f"{total} += r if isinstance(r, (int, float)) else len(list(r))")
            with body.block("except Exception as e:"):
                body(f"{errs}.append((i, type(e).__name__, str(e)[:60]))")
    with body.block("finally:"):
        body(f"{f}.__code__, {f}.__defaults__, {f}.__kwdefaults__ = saved")
    body(f"print('total', fmt({total}), {errs}[:3], len({errs}))")


def frag_closures(g, top, body):
    make, inc, get = g.name("make"), g.name("inc"), g.name("get")
    k = g.int(1, 9)
    n = g.loop_count()
    with body.block(f"def {make}(start):"):
        body("count = start\nfactor = 1")
        with body.block(f"def {inc}(step={k}):"):
            body("nonlocal count\ncount = count + step * factor\nreturn count")
        with body.block(f"def {get}():"):
            body("return count, factor")
        with body.block("def rescale(new):"):
            body("nonlocal factor\nfactor = new")
        body(f"return {inc}, {get}, rescale")
    body(f"i_, g_, r_ = {make}({g.choice(['0', '2**63 - 5', '0.5', '-1'])})")
    switch = g.int(1, n - 2)
    with body.block(f"for i in range({n}):"):
        with body.block(f"if i == {switch}:"):
            body(f"r_({g.choice(['2.5', '-1', '2**62', '0'])})")
        body("i_(i) if i % 2 else i_()")
    body("print('closure', fmt(g_()))")
    body(f"fs = [lambda: i for i in range({g.int(2, 5)})]")
    body(f"gs = [lambda i=i: i * {k} for i in range({g.int(2, 5)})]")
    body("print([f() for f in fs], [f() for f in gs])")
    with body.block("def outer():"):
        body("x = 'o'")
        with body.block("def mid():"):
            with body.block("def inner():"):
                body("nonlocal x\nx += 'i'\nreturn x")
            body("return inner() + inner()")
        body("return mid(), x")
    body("print('nested', outer())")


def frag_arguments(g, top, body):
    """A function with a random signature, called well and badly."""
    f = g.name("sig")
    params, names = [], []
    posonly = [g.name("p") for _ in range(g.int(0, 2))]
    regular = [g.name("a") for _ in range(g.int(0, 3))]
    kwonly = [g.name("k") for _ in range(g.int(0, 2))]
    star, dstar = g.chance(0.5), g.chance(0.5)
    defaults_from = g.int(0, len(posonly) + len(regular))
    for i, p in enumerate(posonly + regular):
        params.append(p + (f"={g.choice(['1', '-0.0', '[]', 'None', '2**63'])}" if i >= defaults_from else ""))
        if i == len(posonly) - 1:
            params.append("/")
    if star:
        params.append("*args")
    elif kwonly:
        params.append("*")
    for k in kwonly:
        params.append(k + (f"={g.int(0, 9)}" if g.chance(0.5) else ""))
    if dstar:
        params.append("**kw")
    names = posonly + regular + kwonly
    returned = names + (["args"] if star else []) + (["sorted(kw.items())"] if dstar else [])
    ret = "(" + ", ".join(returned) + ",)" if returned else "()"
    body(f"def {f}({', '.join(params)}):\n    return {ret}")
    for _ in range(g.int(4, 8)):
        args = [str(g.int(0, 9)) for _ in range(g.int(0, 5))]
        keys = g.sample(names + ["zz"], g.int(0, 2))
        kws = [f"{key}={g.int(0, 9)}" for key in keys]
        if g.chance(0.2):
            args.append("*[7, 8]")
        if g.chance(0.2):
            kws.append("**{'extra': 1}")
        call = f"{f}({', '.join(args + kws)})"
        body(f"show({call!r}, lambda: {call})")
    body(f"print({f}.__defaults__ is None, sorted(({f}.__kwdefaults__ or {{}}).items()))")
    body(f"def acc(x, bucket=[]):\n    bucket.append(x)\n    return len(bucket)")
    body("print('mutable default', [acc(i) for i in range(3)])")


def frag_classes(g, top, body):
    a, b, c, d = (g.name(x).capitalize() for x in ("A", "B", "C", "D"))
    code = Code()
    with code.block(f"class {a}:"):
        code("count = 0")
        with code.block("def __init__(self, v):"):
            code(f"self._v = v\n{a}.count += 1")
        code("def who(self):\n    return 'A'")
        code("@property\ndef v(self):\n    return self._v")
        code("@v.setter\ndef v(self, new):\n    if new < 0:\n        raise ValueError('negative: ' + repr(new))\n    self._v = new")
        code("@classmethod\ndef make(cls, v):\n    return cls(v)")
        code("@staticmethod\ndef twice(x):\n    return x * 2")
        code("def __repr__(self):\n    return type(self).__name__ + '<' + repr(self._v) + '>'")
        code("def __eq__(self, other):\n    return isinstance(other, " + a + ") and self._v == other._v")
        code("def __lt__(self, other):\n    return self._v < other._v")
        code("def __hash__(self):\n    return hash(self._v)")
        code("def __init_subclass__(cls, tag='none', **kw):\n    super().__init_subclass__(**kw)\n    cls.tag = tag")
    with code.block(f"class {b}({a}, tag='b'):"):
        code("def who(self):\n    return 'B' + super().who()")
    with code.block(f"class {c}({a}):"):
        code("def who(self):\n    return 'C' + super().who()")
        if g.chance(0.5):
            code("def __init__(self, v):\n    super().__init__(v * 2)")
    with code.block(f"class {d}({b}, {c}, tag='d'):"):
        code("def who(self):\n    return 'D' + super().who()")
        if g.chance(0.5):
            code("def __len__(self):\n    return 3\ndef __bool__(self):\n    return False")
    (top if g.chance(0.5) else body)(code.text())
    body(f"print([k.__name__ for k in {d}.__mro__], {d}.tag, {b}.tag)")
    vals = [str(g.int(-3, 9)) for _ in range(4)]
    body(f"objs = [{g.choice([a, b, c, d])}.make({vals[0]}), {d}({vals[1]}), {c}({vals[2]}), {b}({vals[3]})]")
    body("print([o.who() for o in objs], sorted(objs), objs[0] == objs[1], bool(objs[1]))")
    body(f"show('setter', lambda: setattr(objs[0], 'v', {g.choice(['-1', '4'])}) or objs[0].v)")
    body(f"print({a}.count >= 4, {a}.twice({g.edge()}), len({{o for o in objs}}) <= 4)")
    body(f"objs[2].__class__ = {b}\nprint(objs[2].who(), fmt(objs[2]))")
    slots = g.name("S").capitalize()
    body(f"class {slots}:\n    __slots__ = ('x', 'y')\n    def __init__(self):\n        self.x = 1")
    body(f"s = {slots}()\nshow('slot unset', lambda: s.y)\nshow('slot new', lambda: setattr(s, 'z', 1))")
    body(f"show('slot ok', lambda: (setattr(s, 'y', {g.edge()}), s.x + s.y)[1])")


def frag_builtin_subclass(g, top, body):
    """Builtin containers and numbers mixed with subclasses overriding operators."""
    base = g.choice(list(SUBCLASS_BASES) + ["dict"])
    cls = g.name("My").capitalize()
    if base == "dict":
        top(f"class {cls}(dict):\n    def __missing__(self, key):\n        return 'missing-' + repr(key)\n"
            f"    def __getitem__(self, key):\n        return dict.__getitem__(self, key) if key != 3 else 'three'\n"
            f"    def __contains__(self, key):\n        return key % 2 == 0\n"
            f"    def __repr__(self):\n        return '{cls}' + repr(sorted(self.items()))\n")
        plain, sub = "{1: 'a', 2: 'b'}", f"{cls}({{1: 'a', 2: 'b'}})"
        ops = ["x[1]", "x[3]", "x[5]", "2 in x", "3 in x", "len(x)", "x.get(9, 'dflt')", "x | {7: 'z'}", "list(x)"]
    else:
        top(subclass_def(g, base, cls))
        plain = {"int": "5", "float": "2.5", "str": "'abc'", "list": "[3, 1, 2]"}[base]
        sub = f"{cls}({plain})"
        ops = {"int": ["x + 1", "1 + x", "x * 3", "x - 2", "x == 5", "x < 9", "x // 2", "x << 2", "-x", "x + x"],
               "float": ["x + 1", "1.0 + x", "x * 3", "x - 2", "x == 2.5", "x < 9", "x // 2", "x % 2", "-x"],
               "str": ["x + 'd'", "'z' + x", "x * 2", "x == 'abc'", "x < 'b'", "len(x)", "x[1]", "x.upper()", "x in 'xabcx'"],
               "list": ["x + [9]", "[0] + x", "x * 2", "x == [3, 1, 2]", "len(x)", "x[0]", "x[1:]", "sorted(x)", "2 in x"]}[base]
    n = g.loop_count()
    k = g.int(1, n - 2)
    chosen = g.sample(ops, g.int(3, 5))
    res, errs = g.name("res"), g.name("errs")
    body(f"{res} = []\n{errs} = 0")
    with body.block(f"for i in range({n}):"):
        body(f"x = {plain} if i < {k} else {sub}")
        with body.block("try:"):
            body(f"r = ({', '.join(chosen)},)")
        with body.block("except Exception as e:"):
            body(f"{errs} += 1\nr = type(e).__name__")
        with body.block(f"if i in ({k - 1}, {k}, {n - 1}):"):
            body(f"{res}.append(fmt(r))")
    body(f"print({res}, {errs})")


def frag_generators(g, top, body):
    gen, deleg = g.name("gen"), g.name("deleg")
    k = g.int(1, 5)
    c = Code()
    with c.block(f"def {gen}(n):"):
        c("total = 0")
        with c.block("try:"):
            with c.block("for i in range(n):"):
                c(f"got = yield i * {k}")
                c("if got is not None:\n    total += got")
        with c.block("except ValueError as e:"):
            c("print('gen caught', e)\nyield -1")
        if g.chance(0.5):
            with c.block("except GeneratorExit:"):
                c("print('gen exit', total)\nraise")
        with c.block("finally:"):
            c("print('gen finally', total)")
        c("return total")
    with c.block(f"def {deleg}(n):"):
        c(f"r = yield from {gen}(n)")
        c("print('delegated result', r)")
        c("yield r")
        c("return 'done'")
    top(c.text())
    steps = [g.choice(["next", "send", "send", "throw", "next"]) for _ in range(g.int(3, 7))]
    if g.chance(0.5):
        steps.append("close")
    body(f"it = {g.choice([gen, deleg])}({g.int(2, 6)})")
    for s in steps:
        call = {"next": "next(it)", "send": f"it.send({g.int(1, 9)})",
                "throw": "it.throw(ValueError('boom'))", "close": "it.close()"}[s]
        with body.block("try:"):
            body(f"print({s!r}, {call})")
        with body.block("except StopIteration as e:"):
            body(f"print({s!r}, 'stop', e.value)")
        with body.block("except Exception as e:"):
            body(f"print({s!r}, type(e).__name__, e)")
    body(f"print(list({gen}({g.int(0, 4)})), sum(x * x for x in range({g.int(1, 20)}) if x % 3))")
    body(f"print(list(zip({deleg}(2), 'abc')))")


def frag_exceptions(g, top, body):
    """Loops with try/except/else/finally, break/continue/return in finally."""
    f = g.name("flow")
    n = g.int(4, 9)
    raise_at = g.sample(range(n), g.int(1, 3))
    exc = g.choice(["ValueError", "KeyError", "ZeroDivisionError", "TypeError"])
    catch = g.choice([exc, "LookupError", "ArithmeticError", "Exception", "(TypeError, ValueError)", "OSError"])
    fin = g.choice(["", "continue", "break", "return trace", "pass"])
    fin_at = g.int(0, n - 1)
    with body.block(f"def {f}():"):
        body("trace = []")
        with body.block(f"for i in range({n}):"):
            with body.block("try:"):
                body(f"if i in {raise_at}:\n    raise {exc}('at ' + str(i))")
                body("trace.append(('t', i))")
                if g.chance(0.3):
                    body(f"if i == {g.int(0, n - 1)}:\n    continue")
            with body.block(f"except {catch} as e:"):
                body("trace.append((type(e).__name__, str(e)))")
                if g.chance(0.3):
                    body("raise RuntimeError('again') from e")
            with body.block("else:"):
                body("trace.append(('else', i))")
            with body.block("finally:"):
                body("trace.append(('fin', i))")
                if fin and fin != "pass":
                    body(f"if i == {fin_at}:\n    {fin}")
        body("return trace")
    with body.block("try:"):
        body(f"print({f}())")
    with body.block("except Exception as e:"):
        body("print('escaped', type(e).__name__, e, type(e.__cause__).__name__, type(e.__context__).__name__)")
    cm = g.name("Guard").capitalize()
    suppress = g.choice(["True", "False", "issubclass(et, ValueError)"])
    body(f"class {cm}:\n    def __init__(self, tag):\n        self.tag = tag\n"
         f"    def __enter__(self):\n        print('enter', self.tag)\n        return self.tag\n"
         f"    def __exit__(self, et, ev, tb):\n        print('exit', self.tag, et.__name__ if et else None)\n"
         f"        return et is not None and {suppress}")
    with body.block(f"for j in range({g.int(2, 4)}):"):
        with body.block("try:"):
            with body.block(f"with {cm}(j) as t, {cm}(-j):"):
                body(f"if t == 1:\n    raise ValueError('in with')\nif t == 2:\n    {g.choice(['break', 'continue', 'pass'])}")
                body("print('body', t)")
        with body.block("except ValueError as e:"):
            body("print('with raised', e)")
    if g.chance(0.5):
        with body.block("try:"):
            body("raise ExceptionGroup('grp', [ValueError(1), TypeError(2), KeyError(3)])")
        with body.block("except* ValueError as eg:"):
            body("print('star value', [str(x) for x in eg.exceptions])")
        with body.block("except* (TypeError, KeyError) as eg:"):
            body("print('star other', sorted(type(x).__name__ for x in eg.exceptions))")


def frag_match(g, top, body):
    pt = g.name("Pt").capitalize()
    top(f"class {pt}:\n    __match_args__ = ('x', 'y')\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n"
        f"    def __repr__(self):\n        return '{pt}(%r, %r)' % (self.x, self.y)\n")
    subjects = ["0", "1", "-2**63", "2.5", "'go'", "'stop'", "[1, 2, 3]", "(1, 'a')", "[]",
                "{'k': 1, 'z': [2]}", "{'k': 'v'}", f"{pt}(0, 5)", f"{pt}(3, 3)", "None", "True",
                "[[1, 2], 3]", "b'x'", "{'k': 1, 'm': 2, 'n': 3}"]
    cases = [
        "case 0 | 1:\n    r = 'small'",
        "case int(n) if n < 0:\n    r = ('neg', n)",
        "case float() as f:\n    r = ('float', f)",
        "case 'go' | 'stop' as word:\n    r = word.upper()",
        "case [x, *rest]:\n    r = ('seq', x, rest)",
        "case []:\n    r = 'empty'",
        "case (a, str() as s):\n    r = ('pair', a, s)",
        "case {'k': 1, **others}:\n    r = ('map', others)",
        "case {'k': str(v)}:\n    r = ('kv', v)",
        f"case {pt}(0, y):\n    r = ('on y', y)",
        f"case {pt}(x, y) if x == y:\n    r = ('diag', x)",
        f"case {pt}(x=3):\n    r = 'x3'",
        "case None:\n    r = 'none'",
        "case True:\n    r = 'true'",
        "case [[a, b], c]:\n    r = a + b + c",
        "case bytes():\n    r = 'bytes'",
    ]
    chosen = g.sample(cases, g.int(4, 9))
    with body.block(f"for s in [{', '.join(g.sample(subjects, g.int(5, 10)))}]:"):
        with body.block("match s:"):
            for case in chosen:
                body(case)
            body("case _:\n    r = 'other'")
        body("print(fmt(s), '->', fmt(r))")


def frag_strings(g, top, body):
    specs_int = ["d", "+d", "08d", ",", "_x", "#o", ">10", "^9", "b", "#X", "e", ".2%", "c", "=+8"]
    specs_float = [".3f", "e", "g", ".0%", "+.2e", "010.4f", ",.2f", "^12.3g", "n", "d", ".1"]
    specs_str = [">8", "<5", "^7", ".3", "*^9", "s", "d", "=5"]
    vals = [(g.edge(), specs_int if g.chance(0.5) else specs_float) for _ in range(3)]
    vals.append((g.choice(["'héllo'", "'a b c'", "''", "'x' * 3", "'Tab bed'"]), specs_str))
    for v, specs in vals:
        for spec in g.sample(specs, 3):
            if g.chance(0.5):
                body(f"show('fmt {spec}', lambda: f\"{{{v}:{spec}}}\")")
            else:
                body(f"show('format {spec}', lambda: format({v}, {spec!r}))")
    s = g.name("s")
    text = g.choice(["'Hello, World'", "'a-b-c-d'", "'  padded  '", "'MiXeD 123'"])
    body(f"{s} = {text}")
    ops = [f"{s}.split('-')", f"{s}.upper()", f"{s}.strip().title()", f"{s}[::-1]",
           f"{s}[{g.int(-5, 5)}:{g.int(-5, 12)}:{g.choice(['1', '2', '-1', '-2'])}]",
           f"{s}.replace('l', 'L', 1)", f"{s}.find('o')", f"{s}.partition(',')",
           f"'%s|%5r|%-4d|%.2f' % ({s}, 1, {g.int(-99, 99)}, {g.choice(['1.005', '-0.0', '2.5'])})",
           f"f'{{{s}!r:>20}}|{{len({s})=}}'", f"{s}.encode('utf-8').hex()", f"'-'.join({s})",
           f"{s}.center(20, '*')", f"{s}.zfill(15)", f"{s}.count('l')", f"{s} * 2 + str({g.edge()})",
           f"sorted({s}.lower())[:5]", f"{s}.startswith(('He', 'a'))", f"{s}.casefold() == {s}.lower()"]
    for op in g.sample(ops, g.int(5, 9)):
        body(f"show({op!r}, lambda: {op})")


def frag_containers(g, top, body):
    xs = g.name("xs")
    body(f"{xs} = {[g.int(-20, 20) for _ in range(g.int(3, 9))]}")
    ops = [
        f"{xs}.append({g.int(0, 9)})", f"{xs}.insert({g.int(-3, 3)}, 99)", f"{xs}.pop()",
        f"{xs}.pop({g.int(-2, 1)})", f"{xs}.sort(key=lambda v: (v % 3, -v))", f"{xs}.reverse()",
        f"{xs}[{g.int(0, 2)}:{g.int(2, 5)}] = [7, 7]", f"del {xs}[::2]", f"{xs}.extend(range(3))",
        f"{xs}.remove({xs}[0])", f"{xs} += [1] * 2", f"{xs}[{g.int(-4, 4)}] = -1",
    ]
    for op in g.sample(ops, g.int(3, 6)):
        with body.block("try:"):
            body(f"{op}")
        with body.block("except Exception as e:"):
            body("print(type(e).__name__, e)")
        body(f"print({xs})")
    body(f"a, *mid, b = {xs} + [0, 0]\nprint(a, mid, b)")
    body(f"(p, q), r = ({g.int(0, 5)}, [{g.int(0, 5)}]), {g.edge()}\nprint(p, q, fmt(r))")
    body(f"show('bad unpack', lambda: [(u, v) for u, v in [(1, 2), (3,)]])")
    d = g.name("d")
    body(f"{d} = {{k: k * k for k in {xs} if k % 2}}")
    body(f"{d}.update({{'x': 1}}, y=2)\nprint({d}, {d}.get('z', 0), list({d})[:3])")
    body(f"print({{v % 5 for v in {xs}}}, [[i * j for j in range(i)] for i in range(4)])")
    body(f"print(sorted({xs}, reverse=True), min({xs}, default=None), sum({xs}), any(v > 5 for v in {xs}))")
    body(f"print(list(enumerate({xs}[:3], 1)), dict(zip('abc', {xs})), {xs}[::-2], {xs}.count(7))")
    body(f"print({{**{d}, 'x': 0}} == {d}, {d} | {{'w': 0}}, [*range(3), *{xs}[:2]])")
    body(f"t = tuple({xs})\nprint(t[1:], t.index(t[-1]) >= 0, t * 2 < t + (1,))")


def frag_recursion(g, top, body):
    fib, even, odd, walk = g.name("fib"), g.name("even"), g.name("odd"), g.name("walk")
    top(f"def {fib}(n, memo={{}}):\n    if n < 2:\n        return n\n    if n not in memo:\n"
        f"        memo[n] = {fib}(n - 1) + {fib}(n - 2)\n    return memo[n]\n")
    top(f"def {even}(n):\n    return True if n == 0 else {odd}(n - 1)\n")
    top(f"def {odd}(n):\n    return False if n == 0 else {even}(n - 1)\n")
    top(f"def {walk}(t, depth=0):\n    if isinstance(t, list):\n        return sum({walk}(x, depth + 1) for x in t)\n"
        f"    return t * depth\n")
    body(f"print({fib}({g.int(10, 90)}), {even}({g.int(0, 200)}), {odd}({g.int(0, 200)}))")
    body(f"print({walk}([1, [2, [3, [4, {g.edge()}]]], 5]))")
    body(f"def perms(xs):\n    if len(xs) <= 1:\n        return [xs]\n"
         f"    return [[x] + p for i, x in enumerate(xs) for p in perms(xs[:i] + xs[i + 1:])]")
    body(f"print(len(perms(list(range({g.int(1, 5)})))), perms([1, 2, 3])[{g.int(0, 5)}])")
    if g.chance(0.4):
        body(f"def ack(m, n):\n    return n + 1 if m == 0 else ack(m - 1, 1) if n == 0 else ack(m - 1, ack(m, n - 1))")
        body(f"print('ack', ack(2, {g.int(0, 3)}))")


def frag_init_swap_loop(g, top, body):
    """Construction in a hot loop while __init__, __new__ or a base changes."""
    cls = g.name("Rec").capitalize()
    n = g.loop_count()
    body(f"class {cls}:\n    def __init__(self, a, b=1):\n        self.a, self.b = a, b\n"
         f"    def __repr__(self):\n        return '{cls}(%r, %r)' % (self.a, self.b)")
    mutations = [
        f"{cls}.__init__ = lambda self, a, b=2: setattr(self, 'a', -a) or setattr(self, 'b', b)",
        f"{cls}.__new__ = lambda c, *args: object.__new__(c)",
        f"{cls}.__init__.__defaults__ = (100,)",
        f"del {cls}.__init__",
        f"{cls}.__init__ = lambda self, *a: None",
    ]
    chosen = g.sample(mutations, g.int(1, 3))
    points = g.switch_points(n, len(chosen))
    total, errs = g.name("total"), g.name("errs")
    body(f"{total} = 0\n{errs} = []")
    with body.block(f"for i in range({n}):"):
        body.at_iterations(points, chosen)
        with body.block("try:"):
            body(f"o = {cls}(i)")
            body(f"{total} += getattr(o, 'a', 0) + getattr(o, 'b', 0)")
        with body.block("except Exception as e:"):
            body(f"{errs}.append((i, type(e).__name__))")
    body(f"print('total', {total}, {errs}[:3], len({errs}))")


def frag_tree_loop(g, top, body):
    """Arithmetic trees in a hot loop whose leaves change type or hit zero,
    overflow or nan midway (the double/int64 tree fast paths)."""
    n = g.loop_count()
    x, y, acc = g.name("x"), g.name("y"), g.name("acc")
    literals = g.sample(["3", "7", "31", "0.5", "2.0", "-1", "1000003", "2**31", "10"], 3)
    trees = [g.expr([x, y, "i"] + literals, g.int(2, 4), growth=False) for _ in range(g.int(1, 3))]
    body(f"{x} = {g.choice(['1', '3', '2**62', '0.5', '-7'])}\n{y} = {g.choice(['2', '5', '-3', '1.5'])}")
    body(f"{acc} = []\nerrs = {{}}")
    changes = ["0", "-0.0", "2.5", "2**63", "2**64 + 1", "-2**63", "float('nan')", "float('inf')",
               "True", "10**30", "1", "-1", "3"]
    points = g.switch_points(n, g.int(1, 4))
    with body.block(f"for i in range({n}):"):
        for k, p in enumerate(points):
            with body.block(("if" if k == 0 else "elif") + f" i == {p}:"):
                body(f"{g.choice([x, y])} = {g.choice(changes)}")
        for tree in trees:
            body.counting_errors(f"r = {tree}", "errs", "r = None")
            with body.block(f"if i % {max(1, n // 6)} == 0 or i in {points}:"):
                body(f"{acc}.append(fmt(r))")
    body(f"print({trees[0]!r})\nprint({acc}, sorted(errs.items()))")


def frag_subscript_loop(g, top, body):
    """Subscripts, len and membership in a hot loop while the container
    (or the index) changes kind midway."""
    n = g.loop_count()
    seq, idx = g.name("seq"), g.name("idx")
    cls = g.name("Idx").capitalize()
    top(f"class {cls}:\n    def __init__(self, n):\n        self.n = n\n"
        f"    def __getitem__(self, i):\n        return ('get', i)\n    def __len__(self):\n        return self.n\n"
        f"    def __contains__(self, v):\n        return v == 1\n    def __repr__(self):\n        return '{cls}(%r)' % self.n\n")
    containers = ["[10, 20, 30, 40]", "(5, 6, 7)", "'abcdef'", "{0: 'z', 1: 'o', -1: 'm'}", f"{cls}(3)",
                  "range(5)", "b'xyz'", "[[1, 2], [3]]", "bytearray(b'ab')"]
    indexes = ["0", "1", "-1", "True", "2**63", "-2**63", "2", "slice(1, None)", "1.0"]
    body(f"{seq} = {g.choice(containers[:3])}\n{idx} = {g.choice(['0', '1', '-1'])}")
    body("out = []\nerrs = {}")
    points = g.switch_points(n, g.int(2, 4))
    ops = g.sample([f"{seq}[{idx}]", f"len({seq})", f"1 in {seq}", f"{seq}[i % 3]", f"{seq}[-1]",
                    f"{seq}[{idx}:]", f"{seq}[::2]"], g.int(2, 4))
    with body.block(f"for i in range({n}):"):
        for k, p in enumerate(points):
            with body.block(("if" if k == 0 else "elif") + f" i == {p}:"):
                if g.chance(0.7):
                    body(f"{seq} = {g.choice(containers)}")
                else:
                    body(f"{idx} = {g.choice(indexes)}")
        body.counting_errors(f"r = ({', '.join(ops)},)", "errs", "r = type(e).__name__")
        with body.block(f"if i % {max(1, n // 5)} == 0 or i in {points}:"):
            body("out.append(fmt(r))")
    body("print(out, sorted(errs.items()))")


def frag_metaclass(g, top, body):
    meta, cls = g.name("Meta").capitalize(), g.name("Made").capitalize()
    c = Code()
    with c.block(f"class {meta}(type):"):
        c("log = []")
        c("@classmethod\ndef __prepare__(mcls, name, bases, **kw):\n    mcls.log.append(('prepare', name, sorted(kw)))\n    return {'prepared': True}")
        c("def __new__(mcls, name, bases, ns, **kw):\n    ns['made_by'] = mcls.__name__\n    return super().__new__(mcls, name, bases, ns)")
        c("def __init__(cls, name, bases, ns, **kw):\n    super().__init__(name, bases, ns)\n    cls.kw = sorted(kw.items())")
        c("def __call__(cls, *args):\n    obj = super().__call__(*args)\n    obj.called = len(args)\n    return obj")
        c("def __repr__(cls):\n    return 'class ' + cls.__name__")
    with c.block(f"class {cls}(metaclass={meta}, flag={g.int(0, 9)}):"):
        c(f"x = {g.edge()}")
        c("def __init__(self, *a):\n    self.a = a")
        c("def __repr__(self):\n    return 'obj' + repr(self.a)")
    (top if g.chance(0.5) else body)(c.text())
    body(f"o = {cls}({g.int(0, 9)}, {g.int(0, 9)})")
    body(f"print(o, o.called, {cls}.prepared, {cls}.made_by, {cls}.kw, {meta}.log[-1], fmt({cls}.x), {cls})")
    body(f"D = type('D', ({cls},), {{'y': 1}})\nprint(D, D.kw, D().called, type(D).__name__)")
    body("print(isinstance(o, " + cls + "), issubclass(D, " + cls + "), [k.__name__ for k in D.__mro__])")


def frag_async(g, top, body):
    co, agen = g.name("co"), g.name("agen")
    k = g.int(1, 9)
    top(f"async def {co}(n):\n    total = 0\n    for i in range(n):\n        total += i * {k}\n"
        f"        if i == {g.int(0, 6)}:\n            raise ValueError('async ' + str(i))\n    return total\n")
    top(f"async def {agen}(n):\n    for i in range(n):\n        yield i\n")
    body("import asyncio")
    with body.block("async def driver():"):
        with body.block("try:"):
            body(f"print('co', await {co}({g.int(2, 9)}))")
        with body.block("except ValueError as e:"):
            body("print('co raised', e)")
        body(f"print('agen', [x async for x in {agen}({g.int(0, 5)})])")
        body(f"rs = await asyncio.gather({co}(2), {co}(3), return_exceptions=True)")
        body("print('gather', [r if isinstance(r, int) else type(r).__name__ for r in rs])")
    body("asyncio.run(driver())")
    body(f"c = {co}(1)\ntry:\n    c.send(None)\nexcept StopIteration as e:\n    print('manual', e.value)")


def frag_frames(g, top, body):
    f = g.name("peek")
    v = g.edge()
    body(f"def {f}(a, b={v}):\n    c = a * 2\n    names = sorted(locals())\n"
         f"    caller = sys._getframe(1).f_code.co_name\n    return names, caller, fmt(b)")
    body(f"print({f}({g.int(0, 9)}))")
    body(f"x_local = {g.int(0, 9)}\nprint(sorted(k for k in locals() if not k.startswith('_')))")
    body(f"print({f}.__code__.co_varnames, {f}.__code__.co_argcount, {f}.__name__, {f}.__qualname__)")
    body(f"print(eval('x_local + 1'), eval('a + 1', {{'a': {g.int(0, 9)}}}))")


def frag_attribute_protocol_loop(g, top, body):
    """Attribute loads, stores and method calls in a hot loop while the
    attribute protocol of the class or the instance dict changes midway."""
    cls, call = g.name("Obj").capitalize(), g.name("Callable").capitalize()
    n = g.loop_count()
    c = Code()
    with c.block(f"class {cls}:"):
        c(f"shared = {g.choice(['1', '2.5', '2**63'])}")
        c("def __init__(self, v):\n    self.v = v\n    self.w = 0")
        c("def m(self, x):\n    return x + 1")
        c("def __repr__(self):\n    return '" + cls + "(' + repr(object.__getattribute__(self, '__dict__')) + ')'")
    c(f"class {call}:\n    def __call__(self, *a):\n        return len(a) * 100\n    def __repr__(self):\n        return '{call}()'")
    (top if g.chance(0.5) else body)(c.text())
    mutations = [
        f"{cls}.v = property(lambda self: 'prop')",
        f"{cls}.v = property(lambda self: 'prop', lambda self, val: None)",
        f"{cls}.__getattr__ = lambda self, name: 'missing-' + name",
        f"{cls}.__getattribute__ = lambda self, name: 'ga-' + name if name != '__dict__' else object.__getattribute__(self, name)",
        f"{cls}.__setattr__ = lambda self, name, val: object.__setattr__(self, name, -1)",
        "o.__dict__.clear()",
        "o.__dict__['v'] = 'from dict'",
        "vars(o).update(v=2**64, extra=1)",
        f"{cls}.m = staticmethod(lambda x: x * 2)",
        f"{cls}.m = classmethod(lambda klass, x: klass.__name__)",
        f"{cls}.m = {call}()",
        "o.m = lambda x: 'instance'",
        f"del {cls}.m",
        f"{cls}.shared = {g.choice(['-1', '0.5', chr(39) + 's' + chr(39)])}",
        f"o.shared = {g.choice(['7', '2.5'])}",
        "o = " + cls + "(i) if i % 2 else o",
        f"del o.v",
    ]
    chosen = g.sample(mutations, g.int(2, 4))
    points = g.switch_points(n, len(chosen))
    reads = g.sample(["o.v", "o.m(i)", "o.shared", "o.w", f"{cls}.shared", "getattr(o, 'zz', 'dflt')",
                      "hasattr(o, 'extra')"], g.int(2, 4))
    store = g.choice(["o.w = i", "o.w += 1", "setattr(o, 'w', i * 2)", "o.v = i"])
    body(f"o = {cls}({g.choice(['1', '2.5', chr(39) + 'x' + chr(39)])})")
    body("log = []\nerrs = {}")
    with body.block(f"for i in range({n}):"):
        body.at_iterations(points, chosen, guarded=True)
        body.counting_errors(f"{store}\nr = ({', '.join(reads)},)", "errs", "r = type(e).__name__")
        with body.block(f"if i % {max(1, n // 5)} == 0 or i - 1 in {points}:"):
            body("log.append(fmt(r))")
    body("print(log, sorted(errs.items()))")


def frag_branch_loop(g, top, body):
    """Comparisons feeding branches, and appends, while operands change:
    nan, mixed int/float, objects whose comparison returns odd values."""
    n = g.loop_count()
    odd, lst = g.name("Odd").capitalize(), g.name("Log").capitalize()
    top(f"class {odd}:\n    def __init__(self, v):\n        self.v = v\n"
        f"    def __lt__(self, other):\n        return [self.v] if self.v % 2 else []\n"
        f"    def __eq__(self, other):\n        return 'yes'\n    __hash__ = None\n"
        f"    def __gt__(self, other):\n        return NotImplemented\n"
        f"    def __index__(self):\n        return self.v\n    def __repr__(self):\n        return '{odd}(%r)' % self.v\n")
    top(f"class {lst}(list):\n    def append(self, v):\n        list.append(self, ('wrapped', v))\n")
    a, b = g.name("a"), g.name("b")
    body(f"{a}, {b} = {g.choice(['0', '1', '2**63 - 1'])}, {g.choice(['5', '2.5', '-2**63'])}")
    body("hits = [0, 0, 0, 0]\nout = []\nerrs = {}")
    changes = [f"{a} = float('nan')", f"{b} = float('nan')", f"{a} = {odd}(3)", f"{b} = {odd}(4)",
               f"{a} = 2**64", f"{b} = -0.0", f"{a} = 'str'", f"{b} = True", f"{a} = 2.5",
               f"out = {lst}(out)", f"{a} = {odd}(2)"]
    chosen = g.sample(changes, g.int(2, 4))
    points = g.switch_points(n, len(chosen))
    with body.block(f"for i in range({n}):"):
        body.at_iterations(points, chosen)
        body.counting_errors(
            f"if {a} < {b}:\n    hits[0] += 1\nelif {a} == {b}:\n    hits[1] += 1\n"
            f"if not ({a} >= {b}) and {a} != i:\n    hits[2] += 1\nif {a} is {b} or {a} == 'str':\n    hits[3] += 1\n"
            f"if i % {max(1, n // 6)} == 0:\n    out.append(({a} < {b}, {a} == {b}))\n"
            f"xs = [0, 1, 2, 3, 4, 5]\ny = xs[{a}:{b}] if i % 3 == 0 else xs[i % 5]", "errs")
    body("print(hits, [fmt(x) for x in out][-6:], sorted(errs.items()))")


def frag_decorators(g, top, body):
    """Decorators whose callee, arguments and application print, in
    CPython's order: callee, arguments, every decorator, then the function."""
    pick, holder, note = g.name("pick"), g.name("Holder").capitalize(), g.name("note")
    top(f"def {note}(x):\n    print('argument', x)\n    return x\n")
    top(f"def {pick}(tag):\n    print('callee', tag)\n    def make(x):\n        print('make', tag, x)\n"
        f"        def deco(f):\n            print('apply', tag, f.__name__)\n"
        f"            return f if x % 2 else (lambda *a, **k: (tag, f(*a, **k)))\n        return deco\n    return make\n")
    top(f"class {holder}:\n    @property\n    def attr(self):\n        print('attribute read')\n"
        f"        return {pick}('attr')\n")
    forms = [f"@{pick}('{{t}}')({note}({{x}}))", f"@{holder}().attr({note}({{x}}))",
             f"@({pick}('{{t}}'))({{x}})", f"@[{pick}('{{t}}')({{x}})][0]"]
    decorated = g.name("decorated")
    lines = [g.choice(forms).format(t=chr(97 + k), x=g.int(0, 9)) for k in range(g.int(1, 3))]
    body("\n".join(lines) + f"\ndef {decorated}(a, b={g.int(0, 9)}):\n    return a + b")
    body(f"print({decorated}({g.int(0, 9)}))")
    if g.chance(0.5):
        body("\n".join(g.choice(forms).format(t="c", x=g.int(0, 9)) for _ in range(g.int(1, 2)))
             + "\nclass Decorated:\n    def __repr__(self):\n        return 'Decorated()'")
        body("print(Decorated() if isinstance(Decorated, type) else Decorated())")


# ---------------------------------------------------------------------------
# Unboxed locals: plain locals of a function that the compiler keeps as
# int64s or doubles across statements and loop iterations (ir/unbox_locals.h)
# when only numbers are stored into them, with the loop variable of a range
# read in place. Each op checks its operands and falls back to the generic
# path; these loops drive them over that edge midway (overflow, a negative
# or zero divisor, a float or a huge int stored into an int local, a
# rebound len, an index out of range) and look at the frame afterwards.

# range(...) arguments: negative steps, empty ranges, bounds near int64's.
RANGES = ["{a}, {b}", "{b}, {a}, -1", "{b}, {a}, -{s}", "{a}, {b}, {s}", "{b}, {a}", "{a}, {a}",
          "0, {a}, -1", "-{a}, {a}, {s}", "2**62 - {a}, 2**62", "2**63 - {a}, 2**63 + 3",
          "-2**63, -2**63 + {a}, {s}", "{a}, -{b}, -{s}"]
DIVISORS = ["-1", "-2", "-3", "-7", "2", "3", "7", "-2**31", "2**40", "-2**59", "1000003", "-97"]


def range_args(g):
    """The arguments of a range with at most ~130 items."""
    return g.choice(RANGES).format(a=g.int(0, 60), b=g.int(61, 130), s=g.int(2, 7))


def frag_int_web_loop(g, top, body):
    """int locals in a range loop: products that overflow int64 midway,
    sums near 2**63, floor division and modulo by negative, positive and
    zero divisors (a local divisor that changes midway), bit operators."""
    f = g.name("web")
    d = g.name("d")
    names = [g.name(k) for k in ("s", "p", "q", "h")]
    s, p, q, h = names
    starts = ["0", "1", "-1", "7", "-5", "2**31", "2**59 + 1", "2**62", "2**63 - 1000", "-2**63 + 5"]
    updates = [
        f"{s} = {s} + i * {g.choice(['1', '3', '-7', '2**31', '2**40 + 1', '2**58'])}",
        f"{s} = {s} - i * i * {g.choice(['1', '-5', '2**20'])}",
        f"{s} += {g.choice(['2**62', '2**61 + i', '-2**62', 'i << 3'])}",
        f"{p} = {p} * {g.choice(['3', '31', '-5', '2**16 + 1', '2**31 - 1', '-2**21'])} + i",
        f"{p} = {p} * 2 + (i & 1)",
        f"{p} *= {g.choice(['3', '-2', '2**17', 'i', 'i - 3'])}",
        f"{q} = {q} + i // {g.choice(DIVISORS + [d])}",
        f"{q} = {q} - i % {g.choice(DIVISORS + [d])}",
        f"{q} = ({q} + i * {g.choice(['7', '-13', '2**33'])}) // {g.choice(DIVISORS + [d])}",
        f"{q} //= {g.choice(DIVISORS + [d])}",
        f"{q} %= {g.choice(DIVISORS + [d])}",
        f"{h} = ({h} * 31 + i) % {g.choice(['2**61 - 1', '1000003', '-97', '2**64 + 13', d])}",
        f"{h} = {h} ^ (i * {g.choice(['2**33', '-3', '2**62'])})",
        f"{h} = ({h} | i) - ({h} & {g.choice(['255', '-256', d])})",
        f"{h} = -{h} + i",
    ]
    # A product and a division always, then others (in any order).
    chosen = [g.choice(updates[3:6]), g.choice(updates[6:11])] + g.sample(updates, g.int(0, 3))
    g.rng.shuffle(chosen)
    guarded = g.chance(0.5)  # errors caught in the loop, else they end it
    params = [d, "n"]
    with body.block(f"def {f}({', '.join(params)}):"):
        for name in names:
            body(f"{name} = {g.choice(starts)}")
        body("errs = {}\nt = i = 0")
        points = sorted(g.sample(range(1, 60), g.int(0, 3)))
        changes = ["0", f"-{d}", "2**63", "2.5", "-1", "True", f"{d} * 2**40", "-2**63"]
        with body.block("try:"):
            with body.block(f"for i in range({range_args(g)}):"):
                body("t += 1")
                for k, point in enumerate(points):
                    with body.block(("if" if k == 0 else "elif") + f" t == {point}:"):
                        body(f"{d} = {g.choice(changes)}")
                for update in chosen:
                    if guarded:
                        body.counting_errors(update, "errs")
                    else:
                        body(update)
        with body.block("except Exception as e:"):
            body(f"print('left loop', type(e).__name__, e, 'at', i, {', '.join(f'fmt({x})' for x in names)}, fmt({d}))")
        body(f"return [fmt(x) for x in ({', '.join(names)})], sorted(errs.items())")
    for divisor in g.sample(["3", "-3", "7", "-7", "0", "1", "-1", "2**62", "-2**63", "0.5"], g.int(1, 2)):
        body(f"show('{f}', lambda: {f}({divisor}, {g.int(0, 9)}))")


def frag_float_mix_loop(g, top, body):
    """int and float locals mixed in a loop: an int local later assigned a
    float, float ops with int operands, true division, -0.0, inf, nan, and
    huge ints converted to float (OverflowError)."""
    f = g.name("mix")
    x, y, z = g.name("x"), g.name("y"), g.name("z")
    with body.block(f"def {f}(k):"):
        body(f"{x} = {g.choice(['0', '1', '-3', '2**53 + 1', '2**62', '-2**63'])}")
        body(f"{y} = {g.choice(['0.0', '-0.0', '1.5', '1e308', '-2.5', '5e-324'])}")
        body(f"{z} = {g.choice(['0', '1', '0.5'])}")
        body("errs = {}\nbelow = 0")
        changes = [f"{x} = {x} * 0.5", f"{x} = {x} + 0.0", f"{y} = float('inf')", f"{y} = float('nan')",
                   f"{y} = -0.0", f"{x} = 10**400", f"{y} = {y} // 1 if {y} == {y} and -1e300 < {y} < 1e300 else 3",
                   f"{x} = -{x}", f"{z} = 2**1024", f"{y} = 2**63", f"{x} = True", f"{z} = -0.0"]
        points = sorted(g.sample(range(1, 40), g.int(1, 3)))
        ops = [
            f"{x} = {x} + i",
            f"{x} = {x} * 3 - i",
            f"{y} = {y} * 1.5 + i",
            f"{y} = ({y} - i) / {g.choice(['7', '-3', 'k', '0.5', '(i - k)'])}",
            f"{y} += {x}",
            f"{z} = {x} / {g.choice(['(i - k)', 'k', '3', '-0.0', y])}",
            f"{z} = {y} // {g.choice(['2', '-2.5', 'k', '(i - k)'])}",
            f"{z} = {y} % {g.choice(['3', '-3', 'k', '0.0'])}",
            f"{z} = i * 0.1 + {x}",
            f"{y} = {y} - {z} * 2",
            f"{x} = {x} // {g.choice(['2', '-2', 'k'])} if i % 2 else {x} % {g.choice(['5', '-5', 'k'])}",
        ]
        chosen = g.sample(ops, g.int(3, 5))
        with body.block(f"for i in range({g.choice(['40', '0, 40, 3', '39, -1, -2', '-20, 20'])}):"):
            for k, point in enumerate(points):
                with body.block(("if" if k == 0 else "elif") + f" i == {point}:"):
                    body(g.choice(changes))
            for op in chosen:
                body.counting_errors(op, "errs")
            # Compared in place: printing them here would box them every
            # iteration, and the compiler keeps such locals boxed.
            with body.block(f"if {y} < {x}:"):
                body("below += 1")
        body(f"print('below', below, type({x}).__name__, type({y}).__name__, type({z}).__name__)")
        body(f"return fmt({x}), fmt({y}), fmt({z}), math.copysign(1, {y}) if isinstance({y}, float) else 0, sorted(errs.items())")
    for k in g.sample(["0", "1", "-2", "3", "0.5", "2**63"], 2):
        body(f"show('{f}', lambda: {f}({k}))")


def frag_range_rebind_loop(g, top, body):
    """A range loop whose variable is rebound in the body (an int, a float,
    a huge int), with continue, break and empty ranges; the variable and
    the accumulators read after the loop."""
    f = g.name("rebind")
    acc, t = g.name("acc"), g.name("t")
    with body.block(f"def {f}(step):"):
        body(f"{acc} = {g.choice(['0', '2**62', '-1'])}\n{t} = 0")
        if g.chance(0.6):  # else an empty range leaves i unbound
            body("i = -1")
        with body.block(f"for i in range({range_args(g)}):"):
            rebinds = [f"i = i * {g.choice(['3', '-2', '2**40'])}", "i += 0.5", "i = 2**63 + i",
                       f"i = i // {g.choice(['-2', '3'])}", "i = -i", "i = step"]
            with body.block(f"if i % {g.int(2, 7)} == {g.int(0, 1)}:"):
                body(g.choice(rebinds))
            body(f"{acc} = {acc} + i * {g.choice(['1', '7', '2**33', '-3'])}")
            body(f"{t} += 1")
            exits = [f"if i == {g.int(-5, 40)}:\n    continue", f"if {t} > {g.int(3, 60)}:\n    break",
                     f"if {acc} > 2**{g.choice(['40', '62', '63'])}:\n    break",
                     f"if i == {g.int(0, 30)}:\n    return {acc}"]
            for exit_ in g.sample(exits, g.int(1, 2)):
                body(exit_)
        body(f"return fmt(i), fmt({acc}), {t}")
    for step in g.sample(["1", "-1", "0.5", "2**64", "0"], 2):
        body(f"show('{f}', lambda: {f}({step}))")


def frag_len_index_loop(g, top, body):
    """len() and list indexing at unboxed ints in a loop: len rebound in
    builtins or the module midway, a container replaced by a list, dict or
    str subclass overriding __len__, negative and out-of-range indices,
    and list stores at unboxed indices."""
    f, sub = g.name("lens"), g.name("Sized").capitalize()
    base = g.choice(["list", "dict", "str"])
    init = {"list": "[4, 5, 6]", "dict": "{0: 'a', 1: 'b'}", "str": "'xyz'"}[base]
    top(f"class {sub}({base}):\n    def __len__(self):\n        return {base}.__len__(self) + {g.choice(['1', '100', '-0'])}\n"
        f"    def __repr__(self):\n        return '{sub}(' + {base}.__repr__(self) + ')'\n")
    xs = g.name("xs")
    n = g.int(10, 90)
    mutations = [
        f"{xs} = {sub}({init})",
        f"{xs} = {sub}({xs}) if isinstance({xs}, {base}) else {xs}",
        "builtins.len = lambda o: 7",
        "globals()['len'] = lambda o: -1",
        f"{xs} = list(range({g.int(0, 5)}))",
        f"{xs} = 'abcdefgh'",
        f"{xs} = ({g.int(1, 9)}, {g.int(1, 9)})",
        f"{xs} = {{}}",
        f"del {xs}[:]",
    ]
    chosen = g.sample(mutations, g.int(1, 3))
    points = sorted(g.sample(range(1, n - 1), len(chosen)))
    j0 = g.choice(["0", "-5", "-2**62", "2**62"])
    with body.block(f"def {f}():"):
        body(f"{xs} = [{', '.join(str(g.int(-9, 99)) for _ in range(g.int(0, 7)))}]")
        body(f"total = 0\nj = {j0}\nerrs = {{}}\nsaved = builtins.len")
        with body.block("try:"):
            with body.block(f"for i in range({n}):"):
                body.at_iterations(points, chosen)
                body.counting_errors(f"m = len({xs})\ntotal = total + m * i", "errs", "m = 1")
                body(f"j = j + {g.choice(['1', '-1', '3', 'i', '-i'])}")
                body.counting_errors(f"total = total + {xs}[j]", "errs")
                body.counting_errors(f"{xs}[i % m] = i * {g.choice(['2', '-3', '2**62'])}", "errs")
                body.counting_errors(f"total = total + {xs}[-i]", "errs")
        with body.block("finally:"):
            body("builtins.len = saved\nglobals().pop('len', None)")
        body(f"return fmt(total), fmt({xs}), j, sorted(errs.items())")
    body(f"show('{f}', {f})")


def frag_exit_write_back(g, top, body):
    """Loops with number locals left by break, return or an exception
    midway; the locals then read in the function, by locals(), by a callee
    through sys._getframe and from the traceback's frame."""
    f, peek = g.name("leave"), g.name("peek")
    a, b, c = g.name("a"), g.name("b"), g.name("c")
    top(f"def {peek}():\n    fl = sys._getframe(1).f_locals\n"
        f"    return sorted((k, fmt(v)) for k, v in fl.items() if k in ({a!r}, {b!r}, {c!r}, 'i'))\n")
    n = g.int(8, 60)
    with body.block(f"def {f}(mode, d):"):
        body(f"{a} = {g.choice(['0', '1', '2**62', '-2**63 + 1'])}")
        body(f"{b} = {g.choice(['1', '3', '-1', '2**31'])}")
        body(f"{c} = {g.choice(['0.5', '-0.0', '1.0', '1e300'])}\ni = -1")
        with body.block(f"for i in range({g.choice([str(n), f'{n}, 0, -1', f'-{n}, {n}, 3'])}):"):
            body(f"{a} = {a} + i * {g.choice(['7', '2**40', '-3'])}")
            body(f"{b} = {b} * {g.choice(['3', '-7', '(2**20 + 1)'])} % {g.choice(['1000003', '-97', '(2**61 - 1)'])}")
            body(f"{c} = {c} * {g.choice(['1.5', '-2.0', '10.0'])} + i")
            k1, k2 = g.int(-10, n), g.int(-10, n)
            body(f"if mode == 'break' and i == {k1}:\n    break")
            body(f"if mode == 'return' and i == {k2}:\n    return 'returned', {peek}(), sorted(locals())")
            body(f"if mode == 'peek' and i % {g.int(3, 9)} == 1:\n    print('peek', {peek}())")
            body(f"{a} = {a} // d + {a} % d")
        body(f"print('after', fmt({a}), fmt({b}), fmt({c}), i)")
        body(f"print('locals', sorted((k, fmt(v)) for k, v in locals().items()))")
        body(f"return {peek}()")
    for mode, d in g.sample([(m, d) for m in ("break", "return", "peek", "raise")
                             for d in ("0", "-1", "-3", "2", "2**63", "0.0")], g.int(2, 3)):
        with body.block("try:"):
            body(f"print({mode!r}, {d}, {f}({mode!r}, {d}))")
        with body.block("except Exception as e:"):
            body("tb = e.__traceback__\nwhile tb.tb_next is not None:\n    tb = tb.tb_next")
            body(f"print('raised', type(e).__name__, e, tb.tb_frame.f_code.co_name, tb.tb_lineno - {f}.__code__.co_firstlineno,"
                 f" sorted((k, fmt(v)) for k, v in tb.tb_frame.f_locals.items()))")


FRAGMENTS = [
    (frag_numbers, 3), (frag_numeric_loop, 3), (frag_type_change_loop, 5),
    (frag_class_mutation_loop, 4), (frag_global_builtin_loop, 3), (frag_code_swap_loop, 3),
    (frag_init_swap_loop, 2), (frag_closures, 2), (frag_arguments, 2), (frag_classes, 2),
    (frag_builtin_subclass, 3), (frag_generators, 2), (frag_exceptions, 3), (frag_match, 2),
    (frag_strings, 2), (frag_containers, 2), (frag_recursion, 1), (frag_tree_loop, 4),
    (frag_subscript_loop, 3), (frag_metaclass, 1), (frag_async, 1), (frag_frames, 1),
    (frag_attribute_protocol_loop, 4), (frag_branch_loop, 3), (frag_decorators, 1),
    (frag_int_web_loop, 6), (frag_float_mix_loop, 4), (frag_range_rebind_loop, 3),
    (frag_len_index_loop, 3), (frag_exit_write_back, 4),
]

FINALES = [
    "def finale_{n}(x):\n    return {{'a': 1}}[x]\n\nfinale_{n}('missing')",
    "def finale_{n}(n):\n    return n // (n - n)\n\nprint('finale')\nfinale_{n}(7)",
    "class FinaleError_{n}(Exception):\n    pass\n\ndef finale_{n}():\n    try:\n        int('x{n}')\n"
    "    except ValueError as e:\n        raise FinaleError_{n}('wrapped') from e\n\nfinale_{n}()",
    "def finale_{n}():\n    yield 1\n    raise ValueError('from generator {n}')\n\nprint(list(finale_{n}()))",
    "def finale_{n}(xs):\n    try:\n        return xs[10]\n    finally:\n        print('finale finally')\n\nfinale_{n}([1, 2])",
    "def finale_{n}():\n    try:\n        raise KeyError('first')\n    except KeyError:\n        raise TypeError('second {n}')\n\nfinale_{n}()",
    "def finale_{n}(n, d):\n    acc = 2**62\n    for i in range(n, -n, -1):\n        acc = acc * 3 // d + i\n"
    "        d = d + i % 7 - 3\n    return acc\n\nprint(finale_{n}({n} % 20 + 5, -{n} - 1))",
]


def generate(seed):
    """A deterministic, terminating program that prints what it computes."""
    g = Gen(seed)
    top, sections = Code(), []
    makers, weights = zip(*FRAGMENTS)
    for _ in range(g.int(4, 7)):
        maker = g.rng.choices(makers, weights)[0]
        name = g.name("sec")
        body = Code()
        body.level = 1
        maker(g, top, body)
        sections.append((name, f"def {name}():\n" + body.text()))
    out = [f"# pyaot fuzz program, seed {seed}\n", PRELUDE, top.text()]
    out += [text for _, text in sections]
    names = ", ".join(name for name, _ in sections)
    out.append(f"\ndef main():\n    for section in ({names},):\n        print('--', section.__name__)\n"
               f"        try:\n            section()\n        except Exception as e:\n"
               f"            print(section.__name__, 'raised', type(e).__name__, str(e)[:100])\n\n\nmain()\n")
    if g.chance(0.15):
        out.append("\n" + g.choice(FINALES).format(n=g.int(0, 99)) + "\n")
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1])))
