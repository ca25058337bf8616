"""Values whose exact type infer-types proves (ir/infer_types.h): the
arithmetic then skips its type checks, so the edges of floats, types that
change along some paths only, and exception edges must all still give the
source's results."""
import sys
import traceback


def float_edges():
    nan = float("nan")
    inf = 1e308 * 10.0
    neg_zero = -0.0
    x = 0.5
    print(x * nan == x * nan, x + inf, x * neg_zero, neg_zero * 2.0 - 0.0)
    print(x / 3.0, x // 0.25, -x % 0.3, 7.0 % -2.5, x + True, x * False)
    try:
        print(x / 0.0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
    try:
        print(x // (x - 0.5))
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
    y = 2.0 ** 0.5
    print(y * y, (1e308 * 10.0) - (1e308 * 10.0))
    base = -8.0
    root = base ** (1.0 / 3.0)  # a complex: float ** float is no float
    print(root * 2.0 + 1.0, 3 ** -1 * 2.0, 2 ** 70 * 1.0)


def changes_type_on_one_path(flag):
    x = 1.5
    if flag:
        x = "text"
    # x: float or str here, so `x * 2` takes whatever the value is.
    print(x * 2)
    total = 0.0
    for i in range(5):
        total = total + 0.5
        if i == 3:
            total = str(total)
            break
    print(repr(total))


def exception_edges():
    count = 0.0
    for item in [1, "x", 2.5, None]:
        try:
            count = count + item
        except TypeError:
            count = count * 2.0
            continue
        finally:
            count = count + 0.25
    print(count)
    value = 1.0
    try:
        value = value * 3.0
        value = value + [][0]
    except IndexError:
        print("caught", value)
    del value
    try:
        print(value)
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
    value = "again"
    print(value * 2)


def loop_accumulators(n):
    s = 0.0
    p = 1.0
    k = 0
    while k < n:
        s = s + 1.0 / (k + 1.0)
        p = p * 1.0001
        k += 1
    print(round(s, 9), round(p, 9), k)


def str_and_containers():
    word = "ab"
    for _ in range(3):
        word = word * 2
    items = [1, 2]
    items = items + [3]
    pair = (1,) + (2.5,)
    print(word, len(word), word[1], items, pair, word[1:3])


def uncaught():
    x = 2.5
    y = x * 4.0
    return y / (x - 2.5)


float_edges()
changes_type_on_one_path(True)
changes_type_on_one_path(False)
exception_edges()
loop_accumulators(1000)
str_and_containers()
try:
    uncaught()
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)
uncaught()
