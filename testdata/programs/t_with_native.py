# with statements in compiled functions: enter/exit order, exceptions
# swallowed or not, return/break/continue through a with, nested items,
# errors in __enter__/__exit__, objects that are no context managers.
import sys


class Log:
    def __init__(self, name, swallow=False, fail_exit=False):
        self.name = name
        self.swallow = swallow
        self.fail_exit = fail_exit

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, kind, value, traceback):
        print("exit", self.name, kind.__name__ if kind else None, value,
              traceback is not None, sys.exc_info()[0] is kind)
        if self.fail_exit:
            raise RuntimeError("exit failed")
        return self.swallow


def simple():
    with Log("a") as tag:
        print("inside", tag)
    return "after"


def nested_items():
    with Log("outer") as o, Log("inner") as i:
        print("both", o, i)


def swallowing():
    with Log("s", swallow=True):
        raise ValueError("swallowed")
    return "continued"


def propagating():
    with Log("p"):
        {}["key"]


def early_exits(values):
    out = []
    for v in values:
        with Log("loop" + str(v)):
            if v == 1:
                continue
            if v == 3:
                break
            out.append(v)
    with Log("ret"):
        return out


def exit_fails():
    with Log("f", fail_exit=True):
        return "never"


def not_a_manager():
    with 42:
        pass


print(simple())
nested_items()
print(swallowing())
for f in (propagating, exit_fails, not_a_manager):
    try:
        f()
    except Exception as error:
        print(type(error).__name__, error, type(error.__context__).__name__)
print(early_exits([0, 1, 2, 3, 4]))
propagating()
