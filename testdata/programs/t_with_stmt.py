"""Context managers: contextmanager, nesting, suppression, ExitStack."""
import contextlib
import io
import os
import tempfile

events = []


@contextlib.contextmanager
def tag(name):
    events.append(f"<{name}>")
    try:
        yield name
    finally:
        events.append(f"</{name}>")


@contextlib.contextmanager
def swallow(*kinds):
    try:
        yield
    except kinds as e:
        events.append(f"swallowed {type(e).__name__}")


class Timer:
    """Fake timer that counts ticks instead of wall clock."""

    def __init__(self, label):
        self.label = label
        self.ticks = 0

    def tick(self, n=1):
        self.ticks += n

    def __enter__(self):
        events.append(f"start {self.label}")
        return self

    def __exit__(self, *exc):
        events.append(f"stop {self.label} after {self.ticks} ticks")


with tag("html"), tag("body") as b:
    with tag("p"):
        events.append(f"text in {b}")
print("".join(e for e in events if e.startswith("<")))
events.clear()

with swallow(ZeroDivisionError, KeyError):
    events.append("before")
    {}["x"]
    events.append("never")
with contextlib.suppress(FileNotFoundError):
    os.remove(os.path.join(tempfile.gettempdir(), "pyaot-definitely-missing-file"))
    events.append("never either")
print(events)
events.clear()

try:
    with swallow(KeyError):
        raise ValueError("not swallowed")
except ValueError as e:
    print("escaped:", e)

with Timer("job") as t:
    for _ in range(7):
        t.tick()
print(events)
events.clear()

with contextlib.ExitStack() as stack:
    names = [stack.enter_context(tag(f"s{i}")) for i in range(3)]
    stack.callback(events.append, "callback ran")
    events.append(f"inside with {names}")
print(events)
events.clear()

buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured line 1")
    print("captured line 2")
print("captured:", buf.getvalue().splitlines())

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "data.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("alpha\nbeta\ngamma\n")
    with open(path, encoding="utf-8") as fh:
        print("file lines:", [line.rstrip() for line in fh])
    print("closed after with:", fh.closed)


class Reentrant:
    def __init__(self):
        self.depth = 0

    def __enter__(self):
        self.depth += 1
        return self.depth

    def __exit__(self, exc_type, exc, tb):
        self.depth -= 1
        return exc_type is StopIteration


r = Reentrant()
with r as d1:
    with r as d2:
        print("depths:", d1, d2, r.depth)
        raise StopIteration
    print("after suppressed, depth:", r.depth)
print("final depth:", r.depth)


@contextlib.contextmanager
def failing_setup():
    raise RuntimeError("setup failed")
    yield


try:
    with failing_setup():
        print("not printed")
except RuntimeError as e:
    print("setup error:", e)

with contextlib.nullcontext(42) as v:
    print("nullcontext:", v)
with tag("retval") as value:
    pass
print("value after with:", value, events)
