# "Exception in thread ..." reports (the default threading.excepthook)
# show source lines and carets with only the .so deployed; the program's
# view of threading.excepthook is as for the source.
import io
import threading


def check(value):
    if value < 0:
        raise ValueError(f"value {value} is negative")
    return value


def work(values):
    return [check(v) for v in values]


def run(name, values):
    thread = threading.Thread(target=work, args=(values,), name=name)
    thread.start()
    thread.join()


print("excepthook is __excepthook__:", threading.excepthook is threading.__excepthook__)
run("first", [1, -1])
print("after the first thread", flush=True)
print("io.open is open:", io.open is open)


def hook(args):
    print("program's hook:", args.thread.name, args.exc_type.__name__, args.exc_value)


threading.excepthook = hook
run("second", [-2])
threading.excepthook = threading.__excepthook__
run("third", [3, -3])
print("done")
