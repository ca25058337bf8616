# Found by the faults tests (issue 11, point 4); not fixed here: the fix is
# in the lowering. `continue` jumps back to the loop header without the
# eval-breaker check that back_edge() emits at the end of the body
# (frontend/lower_statements.cc, case NodeKind::Continue: builder_.jump to
# continue_target; CPython's continue is a JUMP_BACKWARD, which checks).
# A native loop that goes round through `continue` never hands the GIL to
# another thread nor handles a signal: here the compiled run spins forever
# holding the GIL (the worker never runs); Ctrl-C cannot stop it either.
# The source prints "worker ran".
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
