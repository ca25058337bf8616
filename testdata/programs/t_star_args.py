"""Star-args: *args, **kwargs, unpacking in calls/displays, starred assignment."""


def log(level, *messages, sep=" ", **context):
    ctx = ",".join(f"{k}={v}" for k, v in sorted(context.items()))
    return f"[{level}] {sep.join(map(str, messages))}" + (f" {{{ctx}}}" if ctx else "")


print(log("INFO", "server", "started", port=8080, host="localhost"))
print(log("WARN"))
args = ("disk", "almost", "full")
opts = {"sep": "_", "disk": "/dev/sda"}
print(log("ERR", *args, **opts))
print(log(*["DEBUG", 1, 2], *(3, 4), **{"a": 1}, **{"b": 2}))


def merge_config(*layers, **overrides):
    result = {}
    for layer in layers:
        result = {**result, **layer}
    return {**result, **overrides}


base = {"debug": False, "workers": 2, "name": "svc"}
env = {"workers": 8}
print(merge_config(base, env, debug=True))

first, *middle, last = range(1, 8)
print("star assign:", first, middle, last)
*init, tail = "abc"
print(init, tail)
head, *rest = [1]
print(head, rest)
(a, b), *others = [(1, 2), (3, 4), (5, 6)]
print(a, b, others)
for key, *values in [("x", 1, 2), ("y",), ("z", 3)]:
    print(" ", key, values)

combined = [*range(3), *"ab", *{"k": 1}]
print("list display:", combined)
print("tuple display:", (*combined[:2], 99))
print("set display:", sorted({*range(3), *range(2, 5)}))
print("dict display:", {**base, "extra": 1, **{"name": "override"}})


def stats(*nums):
    if not nums:
        return None
    return min(nums), max(nums), sum(nums) / len(nums)


data = [4, 8, 15, 16, 23, 42]
print("stats:", stats(*data), stats())
print("zip transpose:", list(zip(*[(1, "a"), (2, "b"), (3, "c")])))


def apply(fn, /, *args, **kwargs):
    return fn(*args, **kwargs)


print("apply:", apply(log, "X", "y", fn="not positional"))
print("print with sep:", end=" ")
print(*data, sep=",", end="|\n")


def wrapper(*args, **kwargs):
    return inner(*args, **kwargs)


def inner(a, b=2, *c, d, e=5, **f):
    return a, b, c, d, e, f


print(wrapper(1, d=4))
print(wrapper(1, 2, 3, 4, d=0, z=9))
print(wrapper(*[10, 20], **{"d": 30, "e": 40, "w": 50}))
try:
    wrapper(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    log("A", **{"sep": "-"}, **{"sep": "+"})
except TypeError as e:
    print("TypeError:", e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, *c = [1]
except ValueError as e:
    print("ValueError:", e)
