"""The line a loop's frame shows while it waits at its back edge (where the
interpreter checks for other threads and signals), seen from another thread
through sys._current_frames(), when the loop body ends in a try statement,
an if/else, a continue, or plain code: each path's back edge keeps the
line of the code that led to it, as CPython's duplicated backward jumps
do (and a loop that only continues still lets other threads run)."""
import itertools
import sys
import threading

MAIN = threading.get_ident()
sys.setswitchinterval(0.0005)


def sample(code, stop):
    """The line of `code`'s frame in the main thread, seen from this thread
    once the main thread waits inside the loop (past `def` and `n = 0`)."""
    line = None
    while line is None:
        frame = sys._current_frames().get(MAIN)
        if frame is not None and frame.f_code is code and frame.f_lineno > code.co_firstlineno + 1:
            line = frame.f_lineno
    stop.append(True)
    return line


def watch(function, *args):
    stop = []
    result = {}
    watcher = threading.Thread(target=lambda: result.update(line=sample(function.__code__, stop)))
    watcher.start()
    value = function(stop, *args)
    watcher.join()
    print(function.__name__, "waits at line", result["line"], value > 0)


def try_body_then_back_edge(stop):
    n = 0
    while not stop:
        try:
            n += 1
        except ValueError:
            n -= 1
    return n


def for_loop_try_body(stop, items):
    n = 0
    for item in items:
        if stop:
            break
        try:
            n += item
        except TypeError:
            n = -n
    return n


def for_loop_handler_runs(stop, items):
    n = 0
    for item in items:
        if stop:
            break
        try:
            n += item
        except TypeError:
            n += 1
    return n


def if_without_else(stop):
    n = 0
    while not stop:
        n += 1
        if n < 0:
            n = 0
    return n


def if_else_body(stop):
    n = 0
    while not stop:
        if n >= 0:
            n += 1
        else:
            n -= 1
    return n


def continue_in_handler(stop):
    n = 0
    while not stop:
        try:
            n += None
        except TypeError:
            n += 1
            continue
    return n


def continue_through_finally(stop):
    n = 0
    while not stop:
        try:
            n += 1
            continue
        finally:
            n += 1
    return n


def continue_in_for(stop, items):
    n = 0
    for item in items:
        if stop:
            break
        n += item
        if n > 0:
            continue
        n = 0
    return n


def plain_body(stop):
    n = 0
    while not stop:
        n += 1
        n += 1
    return n


watch(try_body_then_back_edge)
watch(for_loop_try_body, itertools.repeat(1))
watch(for_loop_handler_runs, itertools.repeat(None))
watch(if_without_else)
watch(if_else_body)
watch(continue_in_handler)
watch(continue_through_finally)
watch(continue_in_for, itertools.repeat(1))
watch(plain_body)
