# A native loop lets other threads run (the GIL is handed over at loop
# back-edges when another thread asks for it, as the interpreter does).
import sys
import threading

sys.setswitchinterval(0.0005)
progress = []
started = threading.Event()
stop = threading.Event()


def worker():
    started.set()
    while not stop.is_set():
        progress.append(1)
        if len(progress) > 100000:
            progress.clear()
            progress.append(1)


def busy(n):
    # Pure arithmetic: only the back-edge's eval-breaker check can hand the
    # GIL over. Stops early once the other thread has run, so a loaded
    # machine that is slow to schedule it only makes the loop longer.
    total = 0
    i = 0
    while i < n:
        total += i & 7
        i += 1
        if i % 65536 == 0 and progress:
            break
    return total


def run():
    thread = threading.Thread(target=worker)
    thread.start()
    started.wait()
    progress.clear()
    result = busy(50_000_000) % 8
    ran = len(progress) > 0
    stop.set()
    thread.join()
    print("busy:", result, "other thread ran meanwhile:", ran)


run()
