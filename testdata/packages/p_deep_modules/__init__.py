# Deep recursion across module objects: each module of a .so is its own
# object with its own copy of the native ops, and a recursion that fills
# the thread's stack continues on stack segments (native_ops_calls.c). The
# segment's bounds are one per .so: pong's recursion, running on a segment
# that ping's code switched to, must switch again when it fills that one,
# as the source recurses to the recursion limit.
import sys

from . import ping, pong

# Under a tracer (coverage.py, testdata/trace_lines_test.py) native calls
# take the traced path, which does not switch segments (main's pyaot
# crashes there too, even with one object per package): depths it survives.
traced = sys.gettrace() is not None
sys.setrecursionlimit(400000)
print("alternating", ping.alternate(1000 if traced else 100000))
print("pong on ping's segment", ping.dive(200, 1500) if traced else ping.dive(20000, 150000))
if not traced:
    try:
        pong.count(10 ** 6)
    except RecursionError as e:
        print("runaway:", type(e).__name__)
