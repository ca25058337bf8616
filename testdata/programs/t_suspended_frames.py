"""Suspended generators and coroutines as debuggers and asyncio see them:
gi_frame.f_lineno at each suspension (resumed by a native loop, by next()
and by send()), gi_yieldfrom during `yield from`, cr_await during await,
ag_frame and ag_await, inspect's states, a suspended Task's repr and
stack, and throw() into a suspended frame."""
import asyncio
import inspect
import os
import re
import sys
import traceback


def where(frame):
    return None if frame is None else frame.f_lineno


def several(n):
    yield "first"
    for i in range(n):
        yield i
    x = (
        yield "multi-line"
    )
    yield "after", x
    yield "fifth"
    yield "sixth"


def report(label, gen):
    print(label, inspect.getgeneratorstate(gen), where(gen.gi_frame),
          type(gen.gi_yieldfrom).__name__)


# Resumed by a native loop, by next() (the interpreter's path) and by send().
gen = several(2)
report("created", gen)
for value in gen:
    report(f"at {value!r}", gen)
    if value == "multi-line":
        break
print(gen.send("sent"))
report("after send", gen)
print(next(gen))
report("next", gen)
print(next(gen))
report("next", gen)
print(next(gen, "done"))
report("done", gen)


def inner(k):
    yield f"inner {k} a"
    yield f"inner {k} b"
    return k * 10


def outer():
    got = yield from inner(1)
    yield got
    got = yield from inner(2)
    yield got


gen = outer()
for value in gen:
    delegate = gen.gi_yieldfrom
    print(value, where(gen.gi_frame), type(delegate).__name__,
          delegate and (delegate.gi_frame.f_lineno, inspect.getgeneratorstate(delegate)))


class Delegate:
    """A yield from target that is no generator."""

    def __init__(self):
        self.items = iter(["x", "y"])

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.items)


def over_iterator():
    yield from Delegate()


gen = over_iterator()
print(next(gen), type(gen.gi_yieldfrom).__name__, where(gen.gi_frame))


# throw() into a suspended frame: caught on the yield's line, suspends again.
def catcher():
    while True:
        try:
            yield "waiting"
        except ValueError as error:
            yield f"caught {error}"


gen = catcher()
print(next(gen), where(gen.gi_frame))
print(gen.throw(ValueError("boom")), where(gen.gi_frame))
print(next(gen), where(gen.gi_frame))
gen.close()
report("closed", gen)


# throw() into a frame suspended in its second and third `yield from`:
# the delegate lets the error through, then returns from it.
def finisher():
    try:
        yield "finisher waiting"
    except ValueError:
        return "finisher returned"


def relay():
    first = yield from inner(1)
    try:
        yield from inner(2)
    except KeyError as error:
        print("relay caught", repr(error), "at", where(gen.gi_frame))
    result = yield from finisher()
    yield first, result


gen = relay()
print(next(gen), next(gen), next(gen), where(gen.gi_frame), gen.gi_yieldfrom.__name__)
print(gen.throw(KeyError("k")), where(gen.gi_frame), gen.gi_yieldfrom.__name__)
print(gen.throw(ValueError("v")), where(gen.gi_frame), gen.gi_yieldfrom)


# A profiler's events of a suspending generator: a return at each yield,
# a call at each resumption, on the yield's line.
events = []


def profiler(frame, event, arg):
    if frame.f_code is several.__code__:
        events.append((event, frame.f_lineno))


gen = several(1)
sys.setprofile(profiler)
values = [next(gen), next(gen), next(gen)]
sys.setprofile(None)
print(values, events)


# Coroutines and awaitables stepped by hand.
class Step:
    def __await__(self):
        got = yield "step"
        return got


async def leaf():
    first = await Step()
    second = await Step()
    return first + second


async def branch():
    total = await leaf()
    return total


coro = branch()
print(coro.send(None), inspect.getcoroutinestate(coro), where(coro.cr_frame),
      type(coro.cr_await).__name__, where(coro.cr_await.cr_frame),
      type(coro.cr_await.cr_await).__name__)
print(coro.send(1), where(coro.cr_frame), where(coro.cr_await.cr_frame))
try:
    coro.send(2)
except StopIteration as stop:
    print("returned", stop.value, inspect.getcoroutinestate(coro), coro.cr_await)


# An async generator: ag_frame's line at a yield and in an await.
async def ticks():
    yield 1
    await Step()
    yield 2


agen = ticks()
step = agen.asend(None)
try:
    step.send(None)
except StopIteration as stop:
    print("yielded", stop.value, where(agen.ag_frame), agen.ag_await)
step = agen.asend(None)
print(step.send(None), where(agen.ag_frame), type(agen.ag_await).__name__)


def task_text(task):
    """repr(task) without the source's directory and the addresses."""
    text = repr(task)
    text = text.replace(os.path.dirname(sleeper.__code__.co_filename) + os.sep, "")
    return re.sub(r" at 0x[0-9a-f]+", "", text)


async def sleeper(event):
    await event.wait()
    return "woke"


async def napper():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return "rested"


async def main():
    event = asyncio.Event()
    task = asyncio.create_task(sleeper(event), name="sleeper")
    other = asyncio.create_task(napper(), name="napper")
    await asyncio.sleep(0)
    print(task_text(task))
    print(task_text(other))
    print([(f.f_code.co_name, f.f_lineno) for f in task.get_stack()])
    print([(entry.name, entry.lineno) for entry in traceback.extract_stack(task.get_coro().cr_frame)])
    print(type(task.get_coro().cr_await).__name__, inspect.getcoroutinestate(task.get_coro()))
    event.set()
    print(await task, await other, task_text(task))


asyncio.run(main())
