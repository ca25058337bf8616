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
    total = 0
    i = 0
    while i < n:
        total += i & 7
        i += 1
    return total


def run():
    thread = threading.Thread(target=worker)
    thread.start()
    started.wait()
    progress.clear()
    result = busy(2_000_000)
    ran = len(progress) > 0
    stop.set()
    thread.join()
    print("busy:", result, "other thread ran meanwhile:", ran)


run()
