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
