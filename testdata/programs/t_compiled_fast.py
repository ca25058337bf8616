"""A large function without a loop is compiled fast (ir/compiled_fast.h):
its locals stay in the frame and its numbers boxed. Everything it computes
and everything that looks at it must be as the source's: int64 and double
edges, errors caught and uncaught, frames read by a callee and by locals()."""

import sys


def caller_locals():
    return sorted(k for k in sys._getframe(1).f_locals if not k.startswith("_"))


def straight_line(a, b, s):
    big = 2 ** 62
    x = a * 3 + 1
    y = x * big + big          # past 2**63: a long, not an int64
    z = y - big * 2 - x * big
    f = a / 3 + b * 0.5
    g = -0.0 * f
    h = f // 0.7 + f % 0.7
    n = -7 // 2 + -7 % 2 + 7 // -2 + 7 % -2
    t = s + str(x)[:3] + s * 2
    u = t.upper() + t[1:4] + t[::-1][:2]
    d = {"k": x, "j": y}
    d["k"] = d.get("k", 0) + z
    lst = [x, y, z, f]
    lst.append(len(lst))
    last = lst.pop()
    seen = caller_locals()
    here = sorted(k for k in locals() if len(k) <= 3)
    try:
        q = x / (a - a)
    except ZeroDivisionError as e:
        q = str(e)
    try:
        r = b % (b - b)
    except ZeroDivisionError as e:
        r = type(e).__name__
    m = max(x, b) + min(f, g) + abs(n)
    w = (x > 3) + (f < 1.5) * 2 + (s == "ab") * 4
    if w > 2:
        x = x - 1
    else:
        x = x + 1
    c = complex(a, b) * 2
    e = float("inf") - 1e308 * 10
    p = 9007199254740993 + 0.0
    k = (x << 40) >> 3 | 255 & 1023 ^ 7
    v = -(2 ** 63) - 1
    return (x, y, z, f, g, h, n, t, u, d, lst, last, seen, here, q, r, m, w, c, e, p, k, v)


def straight_line_fails(a):
    total = a * 2 + 1
    label = "value " + str(total)
    parts = label.split()
    parts.append(str(total * total))
    joined = "-".join(parts)
    scale = total / 4 + len(joined)
    flags = [scale > 1, total < 0, joined.startswith("v")]
    count = sum(flags) + len(parts) * 3
    mapping = {p: len(p) for p in parts}
    mapping["count"] = count
    wide = total * 2 ** 62 + total
    narrow = wide // 2 ** 61 - total % 3
    text = f"{total:>8}|{scale:.3f}|{narrow:x}"
    pieces = text.split("|") + [joined[::2], label.title()]
    again = {k: v * 2 for k, v in mapping.items() if v > 2}
    extra = [total ** 2, -total ** 2, (-total) ** 3, total ** -1]
    bounds = (min(extra), max(extra), sum(extra[:3]))
    shifted = (total << 60) >> 58
    masked = shifted & 0xFFFF | 1 ^ 3
    mixed = masked + scale * 2 - bounds[0] / 3
    head, *rest = pieces
    first, second = rest[0], rest[-1]
    merged = {**mapping, **again, "head": head}
    keys = sorted(merged, key=len)
    summary = (len(keys), keys[0], first.strip(), second[:4], mixed > 0)
    counted = summary.count(True) + keys.count("count")
    ratio = count / (total - total)  # raises: the traceback's line and locals
    return ratio, mapping


for args in [(3, 4, "ab"), (-5, 2.5, "xyz"), (2 ** 40, -1, "")]:
    print(straight_line(*args))

try:
    straight_line_fails(7)
except ZeroDivisionError:
    tb = sys.exc_info()[2]
    while tb.tb_next is not None:
        tb = tb.tb_next
    print(tb.tb_lineno, sorted(tb.tb_frame.f_locals.items()))

straight_line_fails(1)
