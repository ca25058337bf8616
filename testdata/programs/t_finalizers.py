# Objects finalised while native code runs, at the points the interpreter
# drops them (a rebinding, a discarded result, the end of a function or of
# an except clause): a __del__ that raises (what sys.unraisablehook is
# given), one that resurrects its object, and ones that mutate the list,
# dict or set a native loop is iterating over.
import functools
import sys

log = []


class Tracked:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        log.append(self.tag)


def rebinding():
    x = Tracked("first")
    log.append("before rebinding")
    x = Tracked("second")
    log.append("after rebinding")
    Tracked("discarded")
    log.append("after discarded")
    len([Tracked("temporary")])
    log.append("after temporary")
    for i in range(3):
        item = Tracked(f"loop {i}")
        log.append(f"body {i}")
    log.append("after loop")
    return "returning"


def locals_at_return():
    a = Tracked("local a")
    b = Tracked("local b")
    c = Tracked("local c")
    log.append("return")


def except_variable():
    try:
        raise KeyError(Tracked("in exception"))
    except KeyError as e:
        log.append("in handler")
    log.append("after handler")


class Raising:
    """A __del__ that is no function (one without __get__ is called with no
    arguments): the report names it by its repr, which unlike a function's
    has no address in it, and no Python frame is in its traceback."""
    __del__ = functools.partial(int, "not a number")


def raising_finalisers():
    for i in range(2):
        r = Raising()
        log.append(f"made {i}")
    r = None
    log.append("survived")


class Failing:
    def __del__(self):
        log.append("failing __del__")
        {}["missing"]


def report(unraisable):
    # What the default hook prints ("Exception ignored in: ...") but
    # addresses, and the traceback's frames by name.
    frames = []
    tb = unraisable.exc_traceback
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    log.append(("unraisable", unraisable.exc_type.__name__, str(unraisable.exc_value),
                unraisable.err_msg, type(unraisable.object).__name__,
                getattr(unraisable.object, "__qualname__", None), frames))


def custom_hook():
    previous, sys.unraisablehook = sys.unraisablehook, report
    try:
        f = Failing()
        del f
        log.append("after del")
        Failing()
        log.append("after discarded")
        for i in range(2):
            g = Failing()
        log.append("after loop")
        g = None
        r = Raising()
        r = 0
    finally:
        sys.unraisablehook = previous


resurrected = []


class Phoenix:
    finalised = 0

    def __init__(self, n):
        self.n = n

    def __del__(self):
        Phoenix.finalised += 1
        resurrected.append(self)


def resurrection():
    for i in range(3):
        p = Phoenix(i)
    p = None
    alive = sorted(q.n for q in resurrected)
    resurrected.clear()  # finalised once only: no second __del__
    return alive, Phoenix.finalised


class Mutator:
    def __init__(self, container, action):
        self.container = container
        self.action = action

    def __del__(self):
        self.action(self.container)


def list_grows_while_iterated():
    items = [0, 1, 2]
    holders = [Mutator(items, lambda c: c.append(len(c) * 10)) for _ in range(2)]
    seen = []
    for x in items:
        seen.append(x)
        if holders:
            holders.pop()
    return seen


def list_shrinks_while_iterated():
    items = list(range(8))
    holders = [Mutator(items, lambda c: c.pop()) for _ in range(3)]
    seen = []
    for x in items:
        seen.append(x)
        holders.pop() if holders else None
    return seen, items


def index_loop_shrinks():
    items = list(range(6))
    holders = [Mutator(items, lambda c: c.clear())]
    total = 0
    try:
        for i in range(6):
            total += items[i]
            holders.clear()
    except IndexError as e:
        return "IndexError", str(e), total


def dict_changes_while_iterated():
    table = {"a": 1, "b": 2}
    holder = [Mutator(table, lambda c: c.__setitem__("new", 3))]
    seen = []
    try:
        for key in table:
            seen.append(key)
            holder = None
    except RuntimeError as e:
        return seen, str(e), sorted(table)


def set_changes_while_iterated():
    members = {1, 2, 3}
    holder = Mutator(members, lambda c: c.discard(min(c)))
    count = 0
    try:
        for m in members:
            count += 1
            holder = None
    except RuntimeError as e:
        return count, str(e), sorted(members)


def value_replaced_while_iterated():
    # Replacing a value while iterating over the keys drops the old value
    # there and then.
    table = {k: Tracked(f"value {k}") for k in "xyz"}
    for k in table:
        table[k] = k.upper()
        log.append(f"replaced {k}")
    return sorted(table.items())


def drain(label, run):
    result = run()
    print(label, result, log)
    log.clear()


drain("rebinding:", rebinding)
drain("locals at return:", locals_at_return)
drain("except variable:", except_variable)
drain("custom hook:", custom_hook)
drain("resurrection:", resurrection)
drain("list grows:", list_grows_while_iterated)
drain("list shrinks:", list_shrinks_while_iterated)
drain("index loop:", index_loop_shrinks)
drain("dict:", dict_changes_while_iterated)
drain("set:", set_changes_while_iterated)
drain("values replaced:", value_replaced_while_iterated)
