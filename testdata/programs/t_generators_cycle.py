# Generators, coroutines and async generators that only a reference cycle
# keeps alive: gc.collect() (or the exit) finalises them as CPython does:
# finally blocks and __exit__ run with GeneratorExit at the same moment, a
# generator that yields again is reported, async generators are closed by
# the event loop's hooks, a coroutine never awaited warns.
import asyncio
import gc
import re
import sys
import traceback


def unraisable(report):
    """sys.unraisablehook's own text, less object addresses."""
    where = report.err_msg or "Exception ignored in"
    shown = re.sub(r" at 0x[0-9a-f]+", "", repr(report.object))
    print(f"{where}: {shown}", file=sys.stderr)
    traceback.print_exception(report.exc_type, report.exc_value, report.exc_traceback)


sys.unraisablehook = unraisable


class Holder:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<Holder {self.name}>"


class Managed:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, kind, error, traceback):
        print("exit", self.name, kind.__name__ if kind else None, repr(error))
        return False


def in_try(holder):
    total = 0
    try:
        for step in range(10):
            total += step
            yield step
    finally:
        print("finally of", holder.name, "total", total, sys.exc_info()[0].__name__)


def in_with(holder):
    with Managed(holder.name) as managed:
        yield managed.name
        yield "never"


def refers_to_itself():
    me = yield "first"
    try:
        yield type(me).__name__
    finally:
        print("finally of refers_to_itself:", me.gi_running, me.gi_frame is not None)


def over_cycle(items):
    try:
        for item in items:
            yield item
    finally:
        print("finally of over_cycle", items)


class Items:
    def __init__(self):
        self.values = [1, 2, 3]

    def __iter__(self):
        return iter(self.values)

    def __repr__(self):
        return "<Items>"


def yields_in_finally(name):
    try:
        yield 1
    finally:
        print("yields again in", name)
        yield 2


def delegating(holder):
    try:
        yield from in_try(holder)
    finally:
        print("finally of delegating", holder.name)


def collect(label):
    print("collect", label)
    gc.collect()
    print("collected", label)


gc.disable()
for make in (in_try, in_with, delegating):
    holder = Holder(make.__name__)
    holder.gen = make(holder)
    print(next(holder.gen), next(holder.gen, None))
    del holder
    collect(make.__name__)

gen = refers_to_itself()
print(next(gen), gen.send(gen))
del gen
collect("refers_to_itself")

items = Items()
items.values.append(over_cycle(items))
print(next(items.values[-1]))
del items
collect("over_cycle")

holder = Holder("yields_in_finally")
holder.gen = yields_in_finally(holder)
next(holder.gen)
del holder
collect("yields_in_finally")


async def never(holder):
    print("never runs", holder)


holder = Holder("coroutine")
holder.coro = never(holder)
del holder
collect("coroutine never awaited")


async def ticker(holder):
    try:
        for tick in range(10):
            yield tick
            await asyncio.sleep(0)
    finally:
        print("async finally of", holder.name, sys.exc_info()[0].__name__)
        await asyncio.sleep(0)
        print("async finally done", holder.name)


async def main():
    holder = Holder("collected in the loop")
    holder.agen = ticker(holder)
    print(await holder.agen.__anext__(), await holder.agen.__anext__())
    del holder
    collect("async generator")
    for _ in range(4):
        await asyncio.sleep(0)
    holder = Holder("left to shutdown")
    holder.agen = ticker(holder)
    print(await holder.agen.__anext__())
    kept.append(holder)
    print("main returns")


kept = []
asyncio.run(main())
kept.clear()
collect("after asyncio.run")

# Left in a cycle at exit: finalised as the interpreter shuts down.
holder = Holder("at exit")
holder.gen = in_try(holder)
next(holder.gen)
del holder
print("exiting")
