# KeyboardInterrupt (SIGINT) delivered while native code spins: in a long
# loop, a generator, a generator expression and a call chain, caught at
# different levels. A helper thread waits until the main thread is about
# to spin (a flag set with no call after it, so the signal cannot land
# anywhere else), then interrupts it three ways; the spin loops end only by
# the interrupt, so what is printed does not depend on timing.
import _thread
import inspect
import itertools
import os
import signal
import threading
import time
import traceback

about_to_spin = [0]


def interrupter(how):
    while not about_to_spin[0]:
        time.sleep(0.001)
    if how == "interrupt_main":
        _thread.interrupt_main()
    elif how == "kill":
        os.kill(os.getpid(), signal.SIGINT)
    else:
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)


def interrupted(run, how="interrupt_main", for_loop=False):
    """Runs run() with an interrupt on its way; returns what it returned
    and where a KeyboardInterrupt escaping it was raised."""
    about_to_spin[0] = 0
    thread = threading.Thread(target=interrupter, args=(how,))
    thread.start()
    try:
        result = run()
    except KeyboardInterrupt as e:
        result = ("escaped", frames(e, lines=for_loop))
    thread.join()
    return result


def frames(exc, lines=False):
    # Function names, with lines relative to each function's first line.
    # (Lines only for for-loops: a native while-loop's interrupt points at
    # the body's last line, the interpreter's at the `while`.)
    return [(frame.f_code.co_name, line - frame.f_code.co_firstlineno) if lines
            else frame.f_code.co_name
            for frame, line in traceback.walk_tb(exc.__traceback__)]


def loop_caught_here():
    n = 0
    try:
        about_to_spin[0] = 1
        while True:
            n += 1
    except KeyboardInterrupt as e:
        return "caught in loop_caught_here", n > 0, frames(e)


def loop_uncaught():
    n = 0
    about_to_spin[0] = 1
    while n >= 0:
        n += 2


def for_loop_with_finally(log):
    try:
        about_to_spin[0] = 1
        for i in range(1 << 62):
            if i < 0:
                break
    finally:
        log.append("finally ran")


def inner(log):
    log.append("inner")
    total = 0
    about_to_spin[0] = 1
    while True:
        total += len(log)


def middle(log):
    try:
        inner(log)
    except Exception:
        log.append("Exception must not catch KeyboardInterrupt")
    finally:
        log.append("middle finally")


def outer(log):
    try:
        middle(log)
    except KeyboardInterrupt as e:
        log.append("caught in outer")
        return log, frames(e)


def spinning_generator(log):
    yield 1
    yield 2
    try:
        about_to_spin[0] = 1
        while True:
            log.append(0)
            log.pop()
    except KeyboardInterrupt:
        yield "caught in the generator"
    yield 3


def consume(gen):
    return [x for x in gen]


def generator_escapes(log):
    def gen():
        yield "first"
        about_to_spin[0] = 1
        n = 0
        while True:
            n += 1
        yield "never"

    g = gen()
    seen = []
    try:
        for x in g:
            seen.append(x)
    except KeyboardInterrupt as e:
        return seen, inspect.getgeneratorstate(g), frames(e)


def delegating(log):
    def leaf():
        yield "leaf"
        about_to_spin[0] = 1
        while True:
            log.append(1)
            log.pop()

    def middle_gen():
        try:
            result = yield from leaf()
        except KeyboardInterrupt as e:
            yield ("caught in middle_gen", frames(e))

    return list(middle_gen())


def genexpr_under_any():
    # The generator expression's loop is the only Python loop spinning.
    about_to_spin[0] = 1
    return any(x < 0 for x in itertools.count())


stop = [False]


def soft_handler(signum, frame):
    stop[0] = True


def loop_with_handler():
    # A handler that returns: the loop sees its effect and ends normally.
    previous = signal.signal(signal.SIGINT, soft_handler)
    try:
        stop[0] = False
        n = 0
        about_to_spin[0] = 1
        while not stop[0]:
            n += 1
        return "handler stopped the loop", n > 0
    finally:
        signal.signal(signal.SIGINT, previous)


print(interrupted(loop_caught_here))
print(interrupted(loop_caught_here, "kill"))
print(interrupted(loop_caught_here, "pthread_kill"))
print(interrupted(loop_uncaught))
log = []
print(interrupted(lambda: for_loop_with_finally(log), for_loop=True), log)
print(interrupted(lambda: outer([]), "kill"))
print(interrupted(lambda: list(spinning_generator([]))))
print(interrupted(lambda: consume(spinning_generator([]))))
print(interrupted(lambda: generator_escapes([])))
print(interrupted(lambda: delegating([])))
print(interrupted(genexpr_under_any, "kill"))
print(interrupted(loop_with_handler))
print(interrupted(loop_with_handler, "kill"))
print("done")
