import sys


def divide_all(xs):
    out = []
    for x in xs:
        try:
            y = 10 // x
        except ZeroDivisionError as e:
            out.append(("zero", str(e), sys.exc_info()[0].__name__))
            continue
        except (TypeError, ValueError):
            out.append("type")
            y = -1
        else:
            y += 1
        out.append(y)
    return out, sys.exc_info()


def nested(v):
    try:
        try:
            return int(v)
        except ValueError:
            return float(v)
    except ValueError as outer:
        return ("bad", v, type(outer).__name__)


def reraise(v):
    try:
        return 1 / v
    except ZeroDivisionError:
        raise


def wrap(v):
    try:
        return reraise(v)
    except ArithmeticError as error:
        raise RuntimeError("wrapped") from error


def context_chain():
    try:
        {}["missing"]
    except KeyError:
        return undefined_name


def in_handler(v):
    try:
        return v.missing
    except AttributeError as e:
        return e.name, e.obj


def unmatched(v):
    try:
        return [][v]
    except KeyError:
        return "no"


def bad_clause():
    try:
        raise ValueError("x")
    except 42:
        return "never"


class FakePath:
    def __init__(self, error):
        self.error = error

    def stat(self):
        if self.error:
            raise self.error
        return "stat"


def exists(path):
    # A constant returned from an `except ... as` clause: CPython loads it
    # after clearing the name, at the same position as that `None`.
    try:
        path.stat()
    except OSError as e:
        if e.errno not in (2, 20):
            raise
        return False
    except ValueError:
        return False
    return True


print(exists(FakePath(None)), exists(FakePath(OSError(2, "gone"))),
      exists(FakePath(ValueError("bad"))))
try:
    exists(FakePath(OSError(13, "denied")))
except PermissionError as error:
    print("PermissionError", error.errno)
print(divide_all([1, 0, "a", 5]))
print(nested("3"), nested("2.5"), nested("x"))
print(in_handler(7))
for f, arg in ((context_chain, None), (unmatched, 3), (bad_clause, None), (wrap, 0)):
    try:
        f(arg) if arg is not None else f()
    except Exception as error:
        print(type(error).__name__, error, type(error.__context__).__name__, error.__cause__)


class Console:
    def __init__(self):
        self.n = 0
        self.out = []

    def raw_input(self):
        self.n += 1
        if self.n > 3:
            raise EOFError
        return self.n

    def write(self, s):
        self.out.append(s)


def loop_until_eof(console):
    # The loop's exit is reached only from the handler (code.InteractiveConsole.interact).
    while 1:
        try:
            console.raw_input()
        except EOFError:
            console.write("eof")
            break
    console.write("%s!" % (console.n,))
    return console.out


print(loop_until_eof(Console()))
import traceback
try:
    wrap(0)
except RuntimeError:
    traceback.print_exc(file=sys.stdout)
print(sys.exc_info())
unmatched(5)
