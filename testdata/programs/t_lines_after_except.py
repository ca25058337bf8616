"""Line numbers (PEP 626) reported after an except clause ran: tracebacks,
sys._getframe().f_lineno and traceback.extract_stack, for statements after a
handled exception, nested try, `except ... as e`, finally, loops and
multi-line statements."""
import sys
import traceback


def where():
    """The caller's current line, as the frame reports it."""
    return sys._getframe(1).f_lineno


def stack_lines():
    return [(f.name, f.lineno) for f in traceback.extract_stack(sys._getframe(1), limit=2)]


def report(fn, *args):
    try:
        result = fn(*args)
        print(fn.__name__, "returned", result)
    except Exception as e:
        tb = e.__traceback__
        lines = []
        while tb is not None:
            lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
            tb = tb.tb_next
        print(fn.__name__, type(e).__name__, lines[1:])
        print("".join(traceback.format_exception(e)[-3:]), end="")


def handled_then_raise():
    try:
        int("x")
    except ValueError:
        pass
    seen = where()
    print("after handler at", seen)
    return {}["missing"]


def handled_as_then_raise():
    try:
        int("y")
    except ValueError as e:
        print("handled", e)
    print("line", where(), stack_lines())
    [][0]


def nested_handlers(n):
    try:
        try:
            1 / n
        except ZeroDivisionError:
            print("inner handled", where())
            raise KeyError("k")
        finally:
            print("inner finally", where())
    except KeyError as e:
        print("outer handled", e, where())
    print("after nested", where())
    return None.attribute


def finally_after_except():
    try:
        raise OSError("disk")
    except OSError:
        print("handled", where())
    finally:
        print("finally", where())
    value = where()
    return value, int("not a number")


def loop_with_handler(items):
    total = 0
    for item in items:
        try:
            total += int(item)
        except ValueError:
            print("skip", item, where())
            continue
        print("added", item, where())
    print("loop done", where())
    return total / (total - total)


def while_with_handler():
    i = 0
    while i < 3:
        try:
            if i == 1:
                raise IndexError(i)
        except IndexError as e:
            print("while handled", e, where())
        i += 1
    print("while done", where())
    raise RuntimeError("after while")


def multiline_after_handler(data):
    try:
        data["absent"]
    except KeyError:
        pass
    result = (
        data["a"]
        + data[
            "b"
        ]
    )
    print("multi", result, where())
    return max(
        data["a"],
        data["c"],
    )


def handler_returns_value():
    try:
        raise ValueError
    except ValueError:
        line = where()
    return line


def reraise_in_handler():
    try:
        int("z")
    except ValueError as e:
        print("reraise", where())
        raise TypeError("converted") from e


def after_except_star_like(values):
    errors = []
    for v in values:
        try:
            if v < 0:
                raise ValueError(v)
        except (ValueError, TypeError) as exc:
            errors.append(str(exc))
        else:
            print("else", v, where())
    print("errors", errors, where())
    return values[len(values)]


report(handled_then_raise)
report(handled_as_then_raise)
report(nested_handlers, 0)
report(finally_after_except)
report(loop_with_handler, ["1", "x", "2"])
report(while_with_handler)
report(multiline_after_handler, {"a": 1, "b": 2})
report(handler_returns_value)
report(reraise_in_handler)
report(after_except_star_like, [1, -2, 3])

try:
    int("module")
except ValueError:
    print("module handled", where())
print("module after", where(), stack_lines())
undefined_after_module_handler
