# gc.collect() while native generators are suspended: generators in
# reference cycles (through their locals, through values they keep across
# a yield such as a for-loop's iterator, through an object that holds the
# generator) are finalised (their finally clauses run) and freed; reachable
# ones survive a collection with their state intact and resume.
import gc
import sys
import weakref

log = []


class Box:
    pass


def gone(tag):
    return lambda ref: log.append(f"freed {tag}")


def self_referring(box):
    me = box.generator  # a local that refers back to this generator
    try:
        yield 1
        yield 2
    finally:
        log.append(f"finally of self_referring, me is generator: {me is box.generator}")


def loop_over_cycle(box):
    # The list's iterator is saved across the yield: the cycle runs through it.
    for item in [box, 1, 2]:
        try:
            yield item
        finally:
            log.append("finally in loop_over_cycle")


def held_by_object(holder):
    holder.count = 0
    while True:
        holder.count += 1
        received = yield holder.count
        if received is not None:
            log.append(f"received {received}")


def delegating(box):
    inner = self_referring(box)
    box.generator = inner
    next(inner)
    try:
        yield from inner
    finally:
        log.append("finally of delegating")


def ignores_exit():
    while True:
        try:
            yield
        except GeneratorExit:
            log.append("ignoring GeneratorExit")


def report(unraisable):
    log.append(("unraisable", unraisable.exc_type.__name__, str(unraisable.exc_value),
                unraisable.err_msg))


def collect(label):
    found = gc.collect()
    print(label, found > 0, sorted(log, key=str))
    log.clear()


gc.disable()  # only the explicit collections below

box = Box()
box.generator = self_referring(box)
next(box.generator)
ref = weakref.ref(box, gone("box of self_referring"))
del box
collect("self-referring generator:")

box = Box()
box.generator = loop_over_cycle(box)
print("first item is the box:", next(box.generator) is box)
next(box.generator)
ref = weakref.ref(box, gone("box of loop_over_cycle"))
del box
collect("cycle through a saved iterator:")

holder = Box()
holder.generator = held_by_object(holder)
print("counts:", next(holder.generator), next(holder.generator))
ref = weakref.ref(holder, gone("holder"))
gc.collect()
print("still reachable, resumes:", holder.generator.send("after collect"), log)
log.clear()
del holder
collect("held by its object:")

box = Box()
outer = delegating(box)
print("delegated:", next(outer))
box.outer = outer
ref = weakref.ref(box, gone("box of delegating"))
del box, outer
collect("delegating pair:")

previous, sys.unraisablehook = sys.unraisablehook, report
box = Box()
box.generator = ignores_exit()
next(box.generator)
box.me = box
del box
collect("generator ignoring GeneratorExit:")
sys.unraisablehook = previous

# Many suspended generators in one cycle, collected together.
ring = [Box() for _ in range(5)]
for i, node in enumerate(ring):
    node.next = ring[(i + 1) % len(ring)]
    node.generator = self_referring(node)
    next(node.generator)
refs = [weakref.ref(node) for node in ring]
del ring, node
collect("ring of five:")
print("all freed:", [r() for r in refs])

# Suspended generators survive collections while reachable.
def numbers(limit):
    seen = []
    for n in range(limit):
        seen.append(Box())
        seen[-1].me = seen[-1]
        yield len(seen)


live = [numbers(4) for _ in range(3)]
firsts = [next(g) for g in live]
gc.collect()
print("resumed after collect:", firsts, [list(g) for g in live])
gc.enable()
