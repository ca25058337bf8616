"""Class and module bodies compiled natively: namespaces, annotations,
docstrings, __class__ cells, metaclass namespaces, and their errors."""
from __future__ import annotations

import sys
import traceback
from os.path import *  # noqa: F403 (IMPORT_STAR into the module namespace)

counter: int = 0
label: "list[str]"
print(sorted(__annotations__.items()), join("a", "b"))


class LoggingNamespace(dict):
    """A __prepare__ mapping that is not a plain dict: every name op goes
    through __getitem__/__setitem__/__delitem__."""

    def __getitem__(self, key):
        print("  get", key)
        return super().__getitem__(key)

    def __setitem__(self, key, value):
        print("  set", key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        print("  del", key)
        super().__delitem__(key)


class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        return LoggingNamespace()

    def __new__(mcs, name, bases, namespace, **kw):
        return super().__new__(mcs, name, bases, dict(namespace))


class Logged(metaclass=Meta):
    "Logged doc."
    x: int = 1
    y = x + 1
    del x
    try:
        x
    except NameError as e:
        missing = str(e)


print(Logged.y, Logged.missing, Logged.__doc__, Logged.__annotations__)


def scopes():
    shared = "enclosing"
    rebound = "enclosing"

    class Scoped:
        seen = shared           # LOAD_CLASSDEREF: the cell
        rebound = "class"       # the namespace wins over the cell
        again = rebound
        global counter
        counter += 1            # STORE_GLOBAL from a class body
        items = [shared + str(i) for i in range(2)]
        if (walrus := len(items)) > 1:
            big = True

        def method(self):
            return rebound, __class__.__name__

    return Scoped


S = scopes()
print(S.seen, S.rebound, S.again, counter, S.items, S.walrus, S.big, S().method())


class Outer:
    class Inner:
        __secret = "mangled"

        @staticmethod
        def reveal():
            return Outer.Inner._Inner__secret

    values = {k: v for k, v in zip("ab", (1, 2))}
    total = sum(values.values())


print(Outer.Inner.reveal(), Outer.Inner.__qualname__, Outer.values, Outer.total)


class WithSuper(dict):
    def keys(self):
        return sorted(super().keys())


print(WithSuper(b=1, a=2).keys(), WithSuper.__dict__["keys"].__closure__ is not None)


class Annotated:
    plain: int
    assigned: str = "s"
    obj = type("Obj", (), {})()
    obj.attr: int = 3           # not a simple name: no annotation kept


print(Annotated.__annotations__, Annotated.obj.attr)

# A module-level loop, with, try/finally and while.
total = 0
for i in range(5):
    if i == 3:
        break
    total += i
else:
    total = -1
while total < 10:
    total += 4
try:
    with open(__file__ if "__file__" in globals() else "/dev/null") as handle:
        pass
finally:
    print("total", total, handle.closed)

if __name__ == "__main__":
    print("run as main")

# Errors in bodies: tracebacks name the class body and module lines.
for body in ("missing_global", "bad_annotation", "bad_mapping", "bad_import_star"):
    try:
        if body == "missing_global":
            class Broken:
                first = 1
                second = first + not_defined_anywhere
        elif body == "bad_annotation":
            class BadAnnotation:
                def __init_subclass__(cls):
                    pass
                __annotations__ = None
                value: int = 3
        elif body == "bad_mapping":
            class Refuses(type):
                @classmethod
                def __prepare__(mcs, name, bases):
                    class NoSet(dict):
                        def __setitem__(self, key, value):
                            if key == "forbidden":
                                raise KeyError(key)
                            super().__setitem__(key, value)
                    return NoSet()

            class Victim(metaclass=Refuses):
                allowed = 1
                forbidden = 2
        else:
            sys.modules["fake_all"] = type(sys)("fake_all")
            sys.modules["fake_all"].__all__ = ["ok", 3]
            sys.modules["fake_all"].ok = 1
            from fake_all import *
    except Exception:
        traceback.print_exc(file=sys.stdout)

del total
try:
    del total
except NameError:
    traceback.print_exc(file=sys.stdout)

class Last:
    raise ValueError("raised in a class body")
