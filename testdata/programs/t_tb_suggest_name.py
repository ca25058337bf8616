"""An uncaught NameError with CPython's "Did you mean" suggestion for a local,
raised while handling an AttributeError that has one too, after a caught
NameError suggesting a global (exit 1)."""

threshold = 3


class Stats:
    def __init__(self):
        self.count = 0


def count_above(values):
    try:
        return sum(1 for v in values if v > threshhold)
    except NameError as e:
        print("caught:", e, "| name:", e.name)
    total = 0
    stats = Stats()
    for v in values:
        total += v
    try:
        return stats.cuont
    except AttributeError:
        return totl


print("count:", count_above([1, 5, 7]))
