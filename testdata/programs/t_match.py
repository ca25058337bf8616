"""Command dispatcher built on structural pattern matching."""
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


class Circle:
    __match_args__ = ("center", "radius")

    def __init__(self, center, radius):
        self.center = center
        self.radius = radius


class Rect:
    __match_args__ = ("p1", "p2")

    def __init__(self, p1, p2):
        self.p1, self.p2 = p1, p2


def describe(shape):
    match shape:
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x, 0):
            return f"on x axis at {x}"
        case Point(x, y) if x == y:
            return f"diagonal point {x}"
        case Point():
            return f"point {shape.x},{shape.y}"
        case Circle(Point(x, y), r) if r <= 0:
            return f"degenerate circle at {x},{y}"
        case Circle(center=Point(x=cx), radius=r):
            return f"circle r={r} cx={cx}"
        case Rect(Point(x1, y1), Point(x2, y2) as corner):
            return f"rect {abs(x2 - x1) * abs(y2 - y1)} to {corner}"
        case _:
            return f"unknown {type(shape).__name__}"


def command(cmd):
    match cmd.split():
        case []:
            return "empty"
        case ["quit" | "exit" | "q"]:
            return "bye"
        case ["go", ("north" | "south" | "east" | "west") as direction]:
            return f"moving {direction}"
        case ["go", other]:
            return f"can't go {other}"
        case ["take", item, *rest] if rest:
            return f"take {item} and {len(rest)} more: {rest}"
        case ["take", item]:
            return f"take {item}"
        case ["say", *words]:
            return " ".join(words).upper()
        case _:
            return f"unknown command {cmd!r}"


def handle_event(event):
    match event:
        case {"type": "click", "pos": (x, y), **rest}:
            return f"click at {x},{y} extra={sorted(rest)}"
        case {"type": "key", "key": str(k)} if len(k) == 1:
            return f"key {k!r}"
        case {"type": "key", "key": k}:
            return f"special key {k}"
        case {"type": "scroll", "delta": int() | float() as d}:
            return f"scroll {d:+}"
        case {"type": t}:
            return f"unhandled {t}"
        case list() | tuple() as seq if len(seq) > 2:
            return f"batch of {len(seq)}"
        case [first, *_]:
            return f"sequence starting {first!r}"
        case str() | bytes():
            return "raw text"
        case None:
            return "nothing"
        case True:
            return "literal True"
        case 0 | 1 | 2:
            return f"small int {event}"
        case int(n) if n < 0:
            return "negative"
        case float(f):
            return f"float {f}"
        case _:
            return "default"


class Status:
    OK = 200
    NOT_FOUND = 404


def http(code):
    match code:
        case Status.OK:
            return "ok"
        case Status.NOT_FOUND:
            return "missing"
        case 500 | 502 | 503 as c:
            return f"server error {c}"
        case _:
            return "other"


shapes = [Point(0, 0), Point(0, 5), Point(3, 0), Point(4, 4), Point(1, 2),
          Circle(Point(1, 1), 0), Circle(Point(2, 3), 5), Rect(Point(0, 0), Point(3, 4)), "square"]
for s in shapes:
    print(describe(s))
for c in ["", "q", "go north", "go up", "take lamp", "take lamp key coin", "say hi there", "dance"]:
    print(repr(c), "->", command(c))
events = [
    {"type": "click", "pos": (3, 4), "button": 1, "mods": []},
    {"type": "key", "key": "a"},
    {"type": "key", "key": "F1"},
    {"type": "key", "key": 13},
    {"type": "scroll", "delta": -2.5},
    {"type": "resize"},
    [1, 2, 3], (9,), "text", b"raw", None, True, 1, -7, 2.5, 99, [],
]
for e in events:
    print(handle_event(e))
print([http(c) for c in (200, 404, 502, 418)])


# ---- every pattern kind, and the exact protocol calls they make ----------
import collections
import collections.abc
import enum
import sys
import traceback


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Log:
    calls = []


class Seq(collections.abc.Sequence):
    """A sequence that logs len() and indexing, and takes no negative index."""

    def __init__(self, *items):
        self.items = list(items)

    def __repr__(self):
        return f"Seq{tuple(self.items)}"

    def __len__(self):
        Log.calls.append("len")
        return len(self.items)

    def __getitem__(self, i):
        Log.calls.append(f"getitem {i}")
        if isinstance(i, int) and i < 0:
            raise IndexError("no negative index here")
        return self.items[i]


class Map(collections.abc.Mapping):
    """A mapping that logs get() and its keys; `hidden` keys are found by get() only."""

    def __init__(self, data, hidden=()):
        self.data = dict(data)
        self.hidden = set(hidden)

    def __repr__(self):
        return f"Map({self.data})"

    def __getitem__(self, key):
        return self.data[key]

    def __iter__(self):
        Log.calls.append("iter")
        return iter([k for k in self.data if k not in self.hidden])

    def __len__(self):
        return len(self.data)

    def get(self, key, default=None):
        Log.calls.append(f"get {key!r}")
        return self.data.get(key, default)


class Loud:
    """__eq__ and attribute lookups that log."""

    __match_args__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b

    def __repr__(self):
        return "Loud"

    def __eq__(self, other):
        Log.calls.append(f"eq {other!r}")
        return other == "loud"

    def __getattribute__(self, name):
        if not name.startswith("__"):
            Log.calls.append(f"attr {name}")
        return object.__getattribute__(self, name)


def logged(f, *args):
    Log.calls = []
    result = f(*args)
    print(f"{f.__name__}{args!r} -> {result!r} {Log.calls}")


def sequences(s):
    match s:
        case []:
            return "empty"
        case [x]:
            return ("one", x)
        case [1, *_, 9]:
            return "1..9"
        case [first, *_, last] if first == last:
            return ("same ends", first)
        case [first, *middle, last] if len(middle) > 2:
            return ("long", first, middle, last)
        case [_, *_, [a, b]]:
            return ("pair at end", a, b)
        case [*_, (0 | 1) as bit]:
            return ("ends with bit", bit)
        case [x, y, *rest]:
            return ("two and", x, y, rest)


def sequence_kinds(s):
    match s:
        case [*items]:
            return ("sequence", type(s).__name__, items)
        case _:
            return ("not a sequence", type(s).__name__)


def mappings(m):
    match m:
        case {}  if not m:
            return "empty mapping"
        case {"kind": "point", "x": x, "y": y, **rest} if rest:
            return ("point with extras", x, y, rest)
        case {"kind": "point", "x": x, "y": y}:
            return ("point", x, y)
        case {Color.RED: red, 2: two}:
            return ("colour keys", red, two)
        case {"nested": {"deep": [*values]}}:
            return ("nested", values)
        case {**everything}:
            return ("any mapping", type(everything).__name__, sorted(everything, key=repr))


def classes(obj):
    match obj:
        case bool(b):
            return ("bool", b)
        case int(0 | 1 as small):
            return ("small int", small)
        case int(n) | float(n) if n < 0:
            return ("negative number", n)
        case str() as s if not s:
            return "empty str"
        case str(s):
            return ("str", s)
        case bytes(data) | bytearray(data):
            return ("bytes-like", bytes(data))
        case list(items) | tuple(items):
            return ("list or tuple", len(items))
        case dict(d) if "k" in d:
            return ("dict with k", d["k"])
        case frozenset(f) | set(f):
            return ("set", sorted(f))
        case Point(x=0) | Point(y=0):
            return "point on an axis"
        case Point(x, y=y2):
            return ("point", x, y2)
        case Loud(1, b=b):
            return ("loud", b)
        case Color(value=v):
            return ("colour", v)
        case object(__class__=cls):
            return ("object", cls.__name__)


def values_and_singletons(v):
    match v:
        case None:
            return "None"
        case True:
            return "True"
        case False:
            return "False"
        case -1:
            return "minus one"
        case 1.5 | 2j:
            return "float or complex"
        case "text" | b"bytes":
            return "text or bytes"
        case Color.RED:
            return "red"
        case Status.NOT_FOUND:
            return "not found"
        case Loud():
            return "some loud"
        case _:
            return "other"


def or_bindings(v):
    match v:
        case {"a": x, "b": y} | [y, x] | Point(x=x, y=y):
            return ("x", x, "y", y)
        case ((1 | 2 | 3) as n) | [n, _, _]:
            return ("n", n)
    return "no match"


def bindings(v):
    a = b = c = "unset"
    match v:
        case [a, 0]:  # a is captured, then the 0 fails: nothing is bound
            pass
        case [b, c] if c > 100:  # matches, the guard fails: b and c stay bound
            pass
        case [_, _]:
            pass
    return a, b, c


def captures_in_cells_and_globals(v):
    global captured_global
    match v:
        case [captured_global, cell]:
            return lambda: (cell, captured_global)
    return None


class Dispatcher:
    LIMIT = 10

    def handle(self, v):
        match v:
            case self.LIMIT:
                return "at the limit"
            case [__private, *_]:
                return ("private", __private, sorted(k for k in locals() if "private" in k))
            case _:
                return "other"


def in_loop(items):
    out = []
    for item in items:
        match item:
            case "stop":
                break
            case "skip":
                continue
            case int(n):
                out.append(n * 10)
            case _:
                try:
                    match item.split(":"):
                        case [key, value]:
                            out.append({key: value})
                        case _:
                            out.append("?")
                except AttributeError:
                    out.append("no split")
    return out


def counted():
    Log.calls.append("subject")
    return [1, 2]


def subject_once():
    match counted():
        case [9, 9]:
            return "nines"
        case [a, b] if a > b:
            return "descending"
        case (x, *_) if (y := x + 1) == 2:
            return ("walrus", x, y)


def tuple_subject(a, b):
    match a, b:
        case (0, 0):
            return "both zero"
        case (x, 0) | (0, x):
            return ("one zero", x)
        case _:
            return "none zero"


def gen_matching(items):
    for item in items:
        match item:
            case (k, v):
                yield f"{k}={v}"
            case str(s):
                yield s


print("---- sequences")
for s in ([], [5], [1, 3, 9], (7, 2, 7), [1, 2, 3, 4, 5], [0, (3, 4)], [4, 1],
          [2, 3, 4], "abc", b"ab", bytearray(b"ab"), range(3), collections.deque([8, 8])):
    print(repr(s), "->", sequences(s))
for s in ([1], (1,), range(2), collections.deque([1]), memoryview(b"xy"), "str", b"b",
          bytearray(b"ba"), {1: 2}, {3}, iter([1]), Seq(1, 2)):
    print(sequence_kinds(s))
logged(sequences, Seq())
logged(sequences, Seq(4))
logged(sequences, Seq(1, 5, 9))
logged(sequences, Seq(3, 5, 3))
logged(sequences, Seq(2, 3, 4, 5, 6))

print("---- mappings")
for m in ({}, {"kind": "point", "x": 1, "y": 2}, {"kind": "point", "x": 1, "y": 2, "z": 3},
          {Color.RED: "r", 2: "two", 3: "three"}, {"nested": {"deep": (1, 2)}},
          collections.OrderedDict(b=1, a=2), collections.defaultdict(list, k=[1]),
          Map({"kind": "point", "x": 0, "y": 0, "extra": 1})):
    print(m, "->", mappings(m))
dd = collections.defaultdict(list)
print(mappings(dd), dict(dd))
logged(mappings, Map({}))
logged(mappings, Map({"kind": "point", "x": 5}))
logged(mappings, Map({"kind": "point", "x": 5, "y": 6, "w": 7}))

print("---- classes")
for obj in (True, 0, 1, 7, -3, -2.5, 2.5, "", "s", b"b", bytearray(b"ba"), [1], (1, 2),
            {"k": 1}, {"j": 1}, {3, 1}, frozenset({2}), Point(0, 5), Point(5, 0), Point(1, 2),
            Color.GREEN, None, 3j):
    print(repr(obj), "->", classes(obj))
logged(classes, Loud(1, 2))
logged(classes, Loud(2, 2))

print("---- values")
for v in (None, True, False, 1, 0, -1, 1.5, 2j, "text", b"bytes", Color.RED, 404, Loud(0, 0), 3):
    print(repr(v), "->", values_and_singletons(v))
logged(values_and_singletons, "loud")
logged(values_and_singletons, Loud(0, 0))

print("---- bindings")
for v in ({"a": 1, "b": 2}, [3, 4], Point(5, 6), 2, [7, 8, 9], "none"):
    print(v, "->", or_bindings(v))
for v in ([1, 2], [1, 0], [1, 200], [1, 50]):
    print(v, "->", bindings(v))
f = captures_in_cells_and_globals(["g", "c"])
print(f(), captured_global)
d = Dispatcher()
print(d.handle(10), d.handle(["p", 1]), d.handle(3))
print(in_loop([1, "a:b", "skip", "x", 2, 3.5, "stop", 4]))
Log.calls = []
print(subject_once(), Log.calls)
print(tuple_subject(0, 0), tuple_subject(3, 0), tuple_subject(0, 4), tuple_subject(1, 1))
print(list(gen_matching([("a", 1), "b", 3, ("c", 2)])))


# ---- errors raised while matching: the same tracebacks ----------------------
class BadArgs:
    __match_args__ = ["a"]


class NotStrings:
    __match_args__ = ("a", 1)

    a = 0


class Raising:
    __match_args__ = ("ok", "boom")
    ok = 1

    @property
    def boom(self):
        raise ValueError("boom property")

    @property
    def missing(self):
        raise AttributeError("missing property")


class BadEq:
    def __eq__(self, other):
        raise RuntimeError("eq failed")


class BadBool:
    def __bool__(self):
        raise RuntimeError("bool failed")


class EqBadBool:
    def __eq__(self, other):
        return BadBool()


class Keys:
    a = "same"
    b = "same"
    unhashable = []


class BadLen(collections.abc.Sequence):
    def __len__(self):
        raise OverflowError("len failed")

    def __getitem__(self, i):
        return i


class Liar(collections.abc.Sequence):
    """Says it has 2 items, iterates 3."""

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i < 3:
            return i
        raise IndexError(i)


class BadGet(dict):
    def get(self, key, default=None):
        raise LookupError(f"get {key!r}")


class BadKeys(collections.abc.Mapping):
    def __getitem__(self, key):
        return 1

    def __iter__(self):
        raise RuntimeError("no keys")

    def __len__(self):
        return 1

    def get(self, key, default=None):
        return 1


NOT_A_CLASS = 5


def errors(kind, v):
    match kind, v:
        case (0, BadArgs(x)):
            return x
        case (1, NotStrings(x, y)):
            return x, y
        case (2, Point(1, 2, 3)):
            return "three"
        case (3, object(1)):
            return "object"
        case (4, int(1, 2)):
            return "int"
        case (5, Point(x, x=y)):
            return x, y
        case (6, Raising(missing=m)):
            return m
        case (7, Raising(
            a,
            b,
        )):
            return a, b
        case (8, NOT_A_CLASS()):
            return "class"
        case (9, {Keys.a: 1, Keys.b: 2}):
            return "dup"
        case (10, {Keys.unhashable: 1}):
            return "unhashable"
        case (11, {"k": 1}):
            return "get"
        case (12, {**rest}):
            return rest
        case (13, {"hidden": h, **rest}):
            return h, rest
        case (14, [1, *_, 2]):
            return "len"
        case (15, [x, y]):
            return x, y
        case (16, [_, *_, x]):
            return x
        case (17, 1):
            return "eq"
        case (18, [0, 3 | 4]):
            return "eq"
        case (19, v2) if v2.nothing:
            return "guard"
        case (20, [_, _] | {"a": _} as both) if BadBool():
            return both
        case (21, [x, y]) if x < 1 and y:  # y's truth: at the comparison
            return "guard"
        case (22, [x, y]) if (x if y > 0 else y) or x == 2:
            return "guard"
        case _:
            return "no match"


def uncaught(v):
    match v:
        case {"k": [Point(x, y), *_]}:
            return x + y
        case {"k": [Raising(ok, boom), *_]}:
            return ok, boom


cases = [
    (0, BadArgs()), (1, NotStrings()), (2, Point(1, 2)), (3, object()), (4, 1),
    (5, Point(1, 2)), (6, Raising()), (7, Raising()), (8, 1), (9, {"same": 1, "x": 2}),
    (10, {"a": 1}), (11, BadGet(k=1)), (12, BadKeys()), (13, Map({"hidden": 1}, hidden=["hidden"])),
    (14, BadLen()), (15, Liar()), (16, Seq(1, 2, 3)), (17, EqBadBool()), (17, BadEq()),
    (18, [0, BadEq()]), (19, 1), (20, {"a": 1}),
    (21, [0, BadBool()]), (22, [BadBool(), 1]),
]
for kind, v in cases:
    try:
        print(kind, errors(kind, v))
    except Exception:
        traceback.print_exc(file=sys.stdout)

# ---- in module and class bodies: captures are names of the namespace -----
for v in ([1, 2], {"k": 3, "z": 4}, Point(4, 5), "s"):
    match v:
        case [a, b]:
            print("module seq", a, b)
        case {"k": k, **rest}:
            print("module map", k, rest)
        case Point(x, y=y_value) if x < y_value:
            print("module point", x, y_value)
        case other:
            print("module other", other)


class Settings:
    mode = "quick"
    match mode:
        case "fast" | "quick" as chosen:
            level = 3
        case _:
            level = 0


print(Settings.level, Settings.chosen, sorted(k for k in ("a", "k", "rest", "x", "other") if k in globals()))
print(uncaught({"k": [Point(1, 2)]}))
uncaught({"k": [Raising()]})
