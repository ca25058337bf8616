# Found by the faults tests (issue 11, point 4); not fixed: the fix is in
# the lowering. A finaliser that runs when a native store drops the old
# value of a local sees its caller's frame at the line of the previous op
# that set the frame's instruction, not at the store's line.
#   source:   line 18, "r = None"
#   compiled: line 16, "for i in range(2):" (and stderr lacks the
#             source line, see faults_unraisable_source_line.py)
import functools


class Raising:
    __del__ = functools.partial(int, "x")  # no address in the report


def drop():
    for i in range(2):
        r = Raising()
    r = None


drop()
print("done")
