# Frames of compiled code as tools see them: sys._getframe, f_back,
# f_locals, traceback and inspect stacks, warnings stack levels, logging
# caller lines, frames that outlive their call, tracebacks through calls
# between compiled functions.
import inspect
import logging
import sys
import traceback
import warnings


def own_frame(a):
    b = a + 1
    return sys._getframe()


def caller_info():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno, sorted(f.f_locals)


def middle(a, b=2):
    local_value = a * b
    info = caller_info()
    return info, local_value


def outer():
    x = 10
    return middle(x)


def deep(n):
    if n == 0:
        return [entry.name for entry in traceback.extract_stack()][-5:]
    return deep(n - 1)


def stack_names():
    return [info.function for info in inspect.stack()[:4]]


def via():
    return stack_names()


def kept_frames(n):
    frames = []
    for i in range(n):
        frames.append(own_frame(i))
    return [(fr.f_code.co_name, fr.f_lineno, fr.f_locals, fr.f_back.f_code.co_name) for fr in frames]


def warn_here():
    warnings.warn("careful", stacklevel=2)


def trigger():
    warn_here()


def log_it():
    logging.info("hello from %s", "log_it")


def calls_log():
    log_it()


def fail(n):
    if n == 0:
        raise ValueError("bottom")
    return fail(n - 1) + 1


print(outer())
frame = own_frame(41)
# (f_lineno of a frame that returned to bytecode is not compared: the
# trampoline's return instruction has no line; see the README.)
print(frame.f_code.co_name, frame.f_locals, frame.f_back.f_code.co_name)
print(deep(3))
print(via())
print(kept_frames(3))
trigger()
logging.basicConfig(format="%(funcName)s:%(lineno)d %(message)s", stream=sys.stdout,
                    level=logging.INFO)
calls_log()
try:
    fail(3)
except ValueError:
    traceback.print_exc(file=sys.stdout)
fail(2)
