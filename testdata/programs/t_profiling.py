# A profiler sees the same events from compiled code as from the source:
# calls and returns of Python functions, and c_call / c_return /
# c_exception around each built-in function or method they call.
import cProfile
import os
import pstats
import sys


class Basket:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        return len(self.items)


def numbers(n):
    for i in range(n):
        yield i * i


def workload():
    basket = Basket()
    for word in ("pear", "fig", "plum"):
        basket.add(word.upper())
    counts = {}
    for word in basket.items:
        counts[word] = counts.get(word, 0) + len(word)
    try:
        int("not a number")
    except ValueError:
        pass
    try:
        counts.pop("kiwi")
    except KeyError:
        pass
    try:
        divmod(len(counts), 0)
    except ZeroDivisionError:
        pass
    args = (3, 9, 4)
    total = max(*args) + sum(numbers(4))
    ordered = sorted(counts, key=len, reverse=True)
    joined = ", ".join(w.lower() for w in ordered)
    return total, joined, isinstance(basket, Basket)


def label(arg):
    if arg is None:
        return None
    return getattr(arg, "__qualname__", getattr(arg, "__name__", type(arg).__name__))


def record():
    events = []

    def profiler(frame, event, arg):
        if event.startswith("c_"):
            events.append((event, frame.f_code.co_name, frame.f_lineno, label(arg)))
        else:
            events.append((event, frame.f_code.co_name))

    sys.setprofile(profiler)
    result = workload()
    sys.setprofile(None)
    # The last event is the setprofile(None) call itself.
    return result, events[:-1]


result, events = record()
print(result)
for event in events:
    print(event)

# cProfile's table: which functions, how often (times vary, so they are left out).
profile = cProfile.Profile()
profile.enable()
workload()
profile.disable()
stats = pstats.Stats(profile).stats
rows = []
for (filename, line, name), (primitive, calls, *_) in stats.items():
    rows.append((os.path.basename(filename), line, name, primitive, calls))
for row in sorted(rows):
    print(row)
