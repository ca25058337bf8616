# Deep recursion across module objects: each module of a .so is its own
# object with its own copy of the native ops, and a recursion that fills
# the thread's stack continues on stack segments (native_ops_calls.c). The
# segment's bounds are one per .so: pong's recursion, running on a segment
# that ping's code switched to, must switch again when it fills that one,
# as the source recurses to the recursion limit.
import sys

from . import ping, pong

sys.setrecursionlimit(400000)
print("alternating", ping.alternate(100000))
print("pong on ping's segment", ping.dive(20000, 150000))
try:
    pong.count(10 ** 6)
except RecursionError as e:
    print("runaway:", type(e).__name__)
