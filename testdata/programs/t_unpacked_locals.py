"""Locals written by unpacking kept as SSA values (ir/promote_locals.h reads
them back from the frame after the unpack) and, where their arithmetic says
so, as numbers: pairs of points, a failed unpack seen post-mortem, an
iterable that looks at the frame while it is unpacked."""
import sys


def distances(pairs):
    total = 0.0
    for ((x1, y1), (x2, y2)) in pairs:
        dx = x1 - x2
        dy = y1 - y2
        total += (dx * dx + dy * dy) ** 0.5
    return total


def mixed_types(pairs):
    out = []
    for a, b in pairs:
        d = a - b
        out.append(d * d)
    return out


class Peeking:
    def __init__(self, values):
        self.values = values

    def __iter__(self):
        frame = sys._getframe(1)
        print("while unpacking:", sorted((k, v) for k, v in frame.f_locals.items() if k in "abst"))
        return iter(self.values)


def unpack_observed(n):
    s = 0.0
    t = 0
    for k in range(n):
        s += k * 0.5
        t += k
        a, b = Peeking((s, t))
        s = a + 1.0
        t = b + 1
    return s, t


def unpack_fails(rows):
    acc = 0.0
    for row in rows:
        x, y = row
        acc += x * y
    return acc


print(distances([((0.0, 0.0), (3.0, 4.0)), ((1.0, 1.0), (1.0, 2.0)), ((-1.5, 2.0), (2.5, -1.0))]))
print(mixed_types([(5, 2), (2.5, 0.5), (10 ** 20, 1), (True, False)]))
print(unpack_observed(3))
try:
    unpack_fails([(1.0, 2.0), (3.0, 4.0), (5.0,)])
except ValueError as e:
    tb = e.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    print("ValueError", e, sorted(tb.tb_frame.f_locals.items()))
unpack_fails([(1.0, 2.0), "ab"])
