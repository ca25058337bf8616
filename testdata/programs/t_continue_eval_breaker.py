# Regression (found by the faults tests, issue 11): `continue` must check
# the eval breaker as CPython's JUMP_BACKWARD does, so a native loop that
# goes round through `continue` hands the GIL to another thread and handles
# signals. Before the fix the compiled run spun forever holding the GIL.
import threading
import time

done = []


def worker():
    time.sleep(0.05)  # the main thread is spinning by now
    done.append(1)


thread = threading.Thread(target=worker)
thread.start()
n = 0


def spin():
    global n
    while not done:
        n += 1
        continue


spin()
thread.join()
print("worker ran")
