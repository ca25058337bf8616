"""Sorting with keys, lambdas and the walrus operator on a leaderboard."""
import functools
import operator
import re

players = [
    {"name": "ann", "score": 88, "time": 312, "country": "se"},
    {"name": "Bob", "score": 95, "time": 290, "country": "de"},
    {"name": "cid", "score": 88, "time": 301, "country": "de"},
    {"name": "Dee", "score": 70, "time": 250, "country": "fr"},
    {"name": "eve", "score": 95, "time": 305, "country": "se"},
]

by_score = sorted(players, key=lambda p: (-p["score"], p["time"]))
print("leaderboard:", [p["name"] for p in by_score])
print("case-insensitive:", sorted((p["name"] for p in players), key=str.lower))
print("default case-sensitive:", sorted(p["name"] for p in players))
print("itemgetter:", [p["name"] for p in sorted(players, key=operator.itemgetter("country", "score"))])
print("reverse stable:", [p["name"] for p in sorted(players, key=lambda p: p["score"], reverse=True)])


def compare(a, b):
    if a["country"] != b["country"]:
        return -1 if a["country"] > b["country"] else 1
    return a["time"] - b["time"]


print("cmp_to_key:", [p["name"] for p in sorted(players, key=functools.cmp_to_key(compare))])

words = "banana Apple cherry apple Banana date".split()
words.sort(key=lambda w: (len(w), w.lower(), w))
print("in-place:", words)
print("min/max key:", min(words, key=len), max(words, key=lambda w: w[-1]))

nums = [5, -3, 2, -8, 7, 0]
print("abs sort:", sorted(nums, key=abs), "neg first:", sorted(nums, key=lambda n: (n >= 0, n)))

ops = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "max": lambda *xs: max(xs),
}
print("lambda table:", {k: f(6, 3) for k, f in ops.items()})
adder = lambda x: lambda y: x + y
print("curried:", adder(2)(3), (lambda *a, **k: (a, k))(1, z=2))
print("lambda name:", adder.__name__, (lambda: 0).__qualname__)

# walrus
data = [3, 8, 1, 9, 4, 12, 7]
if (n := len(data)) > 5:
    print(f"long list ({n} items)")
filtered = [y for x in data if (y := x * 2) > 10]
print("walrus comp:", filtered)
chunks = iter(["alpha", "beta", "", "gamma"])
collected = []
while (chunk := next(chunks)) != "":
    collected.append(chunk.upper())
print("walrus while:", collected)
values = [1, 2, 3, 4, 5, 6]
running = 0
prefix = [running := running + v for v in values]
print("running totals:", prefix, "final:", running)
print("walrus in call:", max(total := sum(values), 10), total)
for line in ["id=42", "nothing", "id=7"]:
    if m := re.match(r"id=(\d+)", line):
        print("  matched", m.group(1))
    else:
        print("  no match for", repr(line))

records = [("x", 3), ("y", 1), ("z", 2)]
records.sort(key=operator.itemgetter(1))
print("sorted tuples:", records, "by attr:", sorted([3 + 4j, 1 + 9j, 2 - 1j], key=operator.attrgetter("imag")))
print("sorted dict by value:", dict(sorted({"b": 2, "a": 3, "c": 1}.items(), key=lambda kv: kv[1])))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
print("sorted is stable:", sorted([(1, "b"), (0, "z"), (1, "a"), (0, "y")], key=lambda t: t[0]))
