"""Locals carried as unboxed numbers across statements and loops
(ir/promote_locals.h, ir/unbox_locals.h, ir/frame_sync.h): every observer
of the frame still sees each local's value, values change type midway, and
errors come at the first and the thousandth iteration as from source."""
import math
import signal
import sys
import traceback


def peek(names):
    caller = sys._getframe(1).f_locals
    return {name: caller.get(name, "<unbound>") for name in names}


def observed_mid_loop():
    x = 0.0
    n = 0
    for i in range(6):
        x = x * 0.5 + i
        n += 2
        if i % 2:
            print("callee sees", peek(["x", "n", "i"]))
            print("locals()", {k: v for k, v in sorted(locals().items()) if k != "k"})
    return x, n


def post_mortem():
    total = 1.0
    count = 0
    try:
        for item in [2.0, 4.0, 0.0, 8.0]:
            total = total / item + 1.0
            count += 1
            total = total + 1.0 / item
    except ZeroDivisionError:
        tb = sys.exc_info()[2]
        print("post-mortem", sorted((k, v) for k, v in tb.tb_frame.f_locals.items()
                                    if k in ("total", "count", "item")))
    return total, count


def dies_in_loop():
    acc = 0.5
    for step in range(5):
        acc = acc * 2.0 - step
        if step == 3:
            acc = acc / (step - 3)
    return acc


class Loud:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        print("  Loud.__add__", self.v, other)
        return Loud(self.v + other)

    def __mul__(self, other):
        return Loud(self.v * other)

    def __repr__(self):
        return "Loud(%r)" % (self.v,)


class Int(int):
    def __add__(self, other):
        return Int(int(self) + int(other) + 1000)

    def __mul__(self, other):
        return Int(int(self) * int(other))


def changes_type(start, switch_to, at):
    x = start
    history = []
    for i in range(8):
        if i == at:
            x = switch_to
        x = x * 1 + 1
        history.append(x)
    print(type(x).__name__, history[-3:])


def int_overflow():
    acc = 1
    k = 0
    while acc < 2 ** 90:
        acc = acc * 3 + 1
        k += 1
    print("int past 2**63", acc, k, type(acc).__name__)
    m = 2 ** 62
    m = m + m
    m = m + m
    print(m, -m - m)


def division_by_zero_late():
    s = 0.0
    d = 1000.0
    try:
        for i in range(2000):
            d = d - 1.0
            s = s + 1.0 / d
    except ZeroDivisionError as e:
        print("ZeroDivisionError at", i, e, round(s, 6))


def nan_loop():
    nan = float("nan")
    x = 0.0
    seen = 0
    while x < 5.0:
        x = x + 1.0
        y = x * nan
        if y == y or y < 0.0 or y > 0.0:
            seen += 1
        if not (y != y):
            seen += 100
    print("nan comparisons", x, seen, math.isnan(y))


state = {"ticks": 0, "checks": []}


def on_alarm(signum, frame):
    f = sys._getframe(1)
    local = f.f_locals
    if "x" in local and "y" in local:
        state["checks"].append(local["y"] == local["x"] * 2.0)
    state["ticks"] += 1


def signal_handler_reads_frame():
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.002, 0.002)
    x = 0.0
    y = 0.0
    while state["ticks"] < 3:
        x = x + 1.0
        y = x * 2.0
    signal.setitimer(signal.ITIMER_REAL, 0, 0)
    print("handler saw consistent locals", all(state["checks"]) and len(state["checks"]) > 0)


def profiled_calls():
    seen = []

    def profiler(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "helper":
            caller = frame.f_back.f_locals
            seen.append((caller.get("z"), caller.get("w")))

    def helper():
        return 0

    z = 1.5
    w = 0
    sys.setprofile(profiler)
    for _ in range(3):
        z = z * 2.0 + 0.5
        w += 3
        helper()
    sys.setprofile(None)
    print("profiler saw", seen)


def nested_and_returned(n):
    total = 0.0
    for i in range(n):
        inner = 0.0
        for j in range(n):
            inner = inner + (i * 0.5 + j) * 0.25
        total = total + inner
    return total


print(observed_mid_loop())
print(post_mortem())
try:
    dies_in_loop()
except ZeroDivisionError:
    tb = sys.exc_info()[2]
    while tb.tb_next:
        tb = tb.tb_next
    print("traceback locals", sorted(tb.tb_frame.f_locals.items()))
    traceback.print_exc(file=sys.stdout)
changes_type(0, 2.5, 3)
changes_type(0.5, 2 ** 64, 2)
changes_type(1.0, Loud(1), 5)
changes_type(2, Int(5), 4)
try:
    changes_type(1.5, "ab", 6)
except TypeError as e:
    print("TypeError", e)
int_overflow()
division_by_zero_late()
nan_loop()
signal_handler_reads_frame()
profiled_calls()
print(nested_and_returned(30))
dies_in_loop()
