# Regression (found by the faults tests, issue 11): a KeyboardInterrupt
# delivered at a native while-loop's back-edge is reported at the line
# CPython gives its backward jump (the `while` line), not the body's last.
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
