# Found by the faults tests (issue 11, point 4); not fixed: the fix is in
# the lowering (frontend/lower_loops.cc back_edge: CheckEvalBreaker carries
# no instruction of its own). A KeyboardInterrupt (or any exception a signal
# handler raises) delivered at a native while-loop's back-edge is reported
# at the loop body's last line; the interpreter reports the backward jump,
# which CPython 3.11 gives the `while` line. For-loops agree.
#   source:   spin ... line 26 ("while True:")
#   compiled: spin ... line 27 ("n += 1")
import _thread
import threading
import time
import traceback

flag = [0]


def interrupter():
    while not flag[0]:
        time.sleep(0.001)
    _thread.interrupt_main()


def spin():
    n = 0
    flag[0] = 1
    while True:
        n += 1


thread = threading.Thread(target=interrupter)
thread.start()
try:
    spin()
except KeyboardInterrupt as e:
    print([(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)])
thread.join()
