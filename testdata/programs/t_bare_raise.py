# A bare `raise` re-raises the exception being handled: outside an except
# clause that is a caller's (sys.exception()), and the raising frame adds
# no traceback entry of its own, as in the interpreter; with nothing
# handled it is a RuntimeError from that frame.
import sys
import traceback


def reraise():
    raise


def reraise_in_try():
    try:
        raise
    except ValueError as error:
        return "caught " + repr(error)


def reraise_nothing():
    raise


def reraise_nothing_caught():
    try:
        raise
    except RuntimeError as error:
        traceback.print_exc(file=sys.stdout)
        return "caught " + str(error)


def keeps_frame(box):
    box.append(sys._getframe())
    raise


def helper_from_except(value):
    try:
        int(value)
    except ValueError:
        reraise()


def show(fn, *args):
    try:
        print(fn.__name__, fn(*args))
    except BaseException:
        traceback.print_exc(file=sys.stdout)


show(helper_from_except, "x")
try:
    raise KeyError("k")
except KeyError:
    show(reraise)
    show(reraise_in_try)
    box = []
    show(keeps_frame, box)
    print(box[0].f_code.co_name, box[0].f_back is None, box[0].f_lineno)
show(reraise_nothing)
show(reraise_nothing_caught)
print(reraise_in_try.__code__.co_name)


def cleared_then_reraised():
    try:
        {}["missing"]
    except KeyError as error:
        error.__traceback__ = None
        raise


def unmatched_handler():
    try:
        raise
    except (TypeError, ValueError):
        return "wrong"


show(cleared_then_reraised)
try:
    1 / 0
except ZeroDivisionError:
    show(unmatched_handler)
