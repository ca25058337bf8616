"""Unboxed locals meeting each other (ir/unbox_locals.h): float arithmetic
taking an int local's number (converted as CPython converts it, exactly,
until the int outgrows 64 bits), comparisons mixing them, sums kept as
numbers in an inner loop and boxed once in the outer one, and locals written
back in place: a value a frame observer holds never changes under it."""
import sys


def float_takes_int(start, steps):
    x = 0.0
    k = start
    for _ in range(steps):
        x = x * 0.5 + k  # k an int local: converted to a double
        k = k * 3 + 1
    return x, k


def float_int_compare(base):
    x = float(base)
    k = base + 1
    below = 0
    for _ in range(4):
        if x < k:  # exact comparison, also past 2**53
            below += 1
        x = x * 2.0
        k = k * 2 - 1
    return below, x, k


def nested_sums(size, limit):
    count = 0
    bits = 0
    for y in range(size):
        i = 0
        z = 0.1 * y
        while i < limit:
            z = z * z - 0.5
            if z > 2.0:
                break
            i += 1
        count += i  # i a number of the inner loop, boxed here once
        bits = ((bits << 1) | (i & 1)) & 0xFFFF
    return count, bits


def peek(name):
    return sys._getframe(1).f_locals[name]


def observers_keep_values(n):
    seen = []
    x = 1.5
    big = 1 << 40
    neg = -(1 << 20)
    for i in range(n):
        x = x * 1.25 - 0.5
        big = big + 12345
        neg = neg - 777
        if i % 3 == 0:
            seen.append((peek("x"), peek("big"), peek("neg")))
    return seen, x, big, neg


def digits_change(n):
    v = 1000
    out = []
    for _ in range(n):
        v = v * 1000 + 7  # one digit, two, then past 64 bits
        out.append(sys._getframe().f_locals["v"])
    return v, out


def overflow_into_float(steps):
    x = 0.5
    k = 2 ** 62
    for _ in range(steps):
        k = k + k  # past 2**63: a big int, the generic path
        x = x + k
    return x, k


def error_mid_loop(values):
    acc = 0.0
    n = 0
    for v in values:
        n += 1
        acc = acc + n / v  # n an int local, v may be zero or a str
    return acc


def post_mortem_global(n):
    total = 0.0
    for i in range(n):
        total += i * 0.5
        if i == 3:
            undefined_name_xyz  # noqa: F821  a failed global load sees the frame's locals
    return total


def accumulator_turns_str(n):
    total = 0.0
    for i in range(n):
        total += i / 4
    total = str(total)
    for i in range(n):
        total += "ab"[i % 2]
    return total


def last_frame_locals(error):
    tb = error.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return sorted(tb.tb_frame.f_locals.items())


try:
    post_mortem_global(6)
except NameError as e:
    print("NameError", e, last_frame_locals(e))
print(accumulator_turns_str(7))
print(float_takes_int(3, 20))
print(float_takes_int(-(2 ** 40), 12))
print(float_takes_int(2 ** 53 + 1, 3))
print(float_int_compare(2 ** 53))
print(float_int_compare(2 ** 60))
print(float_int_compare(5))
print(nested_sums(40, 50))
print(observers_keep_values(10))
print(digits_change(8))
print(overflow_into_float(4))
print(error_mid_loop([1, 2.0, 4]))
for bad in ([1, 0], [3, 2, "s"]):
    try:
        error_mid_loop(bad)
    except Exception as e:
        print(type(e).__name__, e)
error_mid_loop([5, 6, 0.0])
