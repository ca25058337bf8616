"""Shared bookkeeping for p_shop: how many times each module body has executed."""

LOAD_COUNTS = {}
EVENTS = []


def loaded(name):
    LOAD_COUNTS[name] = LOAD_COUNTS.get(name, 0) + 1
    EVENTS.append(f"load {name} #{LOAD_COUNTS[name]}")
    return LOAD_COUNTS[name]
