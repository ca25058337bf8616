"""`obj.name(args)`: CPython's LOAD_METHOD looks `obj.name` up before the
arguments are evaluated, so a lookup that runs code (a property,
__getattr__, __getattribute__, a descriptor) or fails does so first, and
what the arguments change afterwards does not change the method called.
Each step prints. (Fuzz seed 4 found the compiled order reversed.)"""

import sys
import traceback


def log(*parts):
    print(" ".join(str(p) for p in parts))


def arg(value):
    log("  arg", value)
    return value


class WithProperty:
    @property
    def attr(self):
        log("  property attr")
        return lambda *a, **k: ("attr", a, k)


class WithGetattr:
    def __getattr__(self, name):
        log("  __getattr__", name)
        if name.startswith("missing"):
            raise AttributeError(name)
        return lambda *a: (name, a)


class WithGetattribute:
    def __getattribute__(self, name):
        log("  __getattribute__", name)
        return object.__getattribute__(self, name)

    def method(self, *a):
        return ("method", a)


class Descriptor:
    def __get__(self, obj, owner):
        log("  __get__", type(obj).__name__)
        return lambda *a: ("descriptor", a)


class WithDescriptor:
    attr = Descriptor()


class Base:
    def greet(self, who):
        return "base greets " + who

    @staticmethod
    def static(x):
        return ("static", x)

    @classmethod
    def klass(cls, x):
        return (cls.__name__, x)


class Derived(Base):
    def greet(self, who):
        return "derived, then " + super().greet(arg(who))

    def replace_greet(self, value):
        log("  replacing greet")
        Derived.greet = lambda self, who: "replaced " + who
        return value


class Shadowed:
    def run(self, x):
        return ("class method", x)


def main():
    log("property")
    log(WithProperty().attr(arg(1), key=arg(2)))
    log("__getattr__")
    log(WithGetattr().dynamic(arg(3), arg(4)))
    log("__getattribute__")
    log(WithGetattribute().method(arg(5)))
    log("descriptor")
    log(WithDescriptor().attr(arg(6)))

    log("an instance attribute shadows the method")
    s = Shadowed()
    s.run = lambda x: ("instance attribute", x)
    log(s.run(arg(7)))
    log("the argument rebinds the attribute: the old one is called")
    t = Shadowed()
    log(t.run(arg(setattr(t, "run", lambda x: ("new", x)))))
    log(t.run(arg(8)))

    log("staticmethod, classmethod, through the class and an instance")
    log(Base.static(arg(9)), Base().static(arg(10)))
    log(Derived.klass(arg(11)), Derived().klass(arg(12)))

    log("super().m(args)")
    d = Derived()
    log(d.greet(arg("you")))
    log("the argument replaces the method: the old one runs once")
    log(d.greet(d.replace_greet("me")))
    log(d.greet("again"))

    log("module attribute")
    log(sys.intern(arg("interned")))

    log("keyword and starred arguments")
    k = WithProperty()
    log(k.attr(*[arg(13)], **{"key": arg(14)}))
    log(k.attr(arg(15), *(arg(16),), kw=arg(17)))
    log(WithGetattr().kw(arg(18)), WithGetattr().kw(*[arg(19)]))

    log("list.append and str.join as usual")
    items = []
    items.append(arg("a"))
    items.append(items.append(arg("b")))
    log(items, ",".join(map(str, items)))

    log("a missing attribute fails before the arguments run")
    for obj in (WithGetattr(), Shadowed(), 5):
        try:
            obj.missing_method(
                arg("never"),
            )
        except AttributeError:
            traceback.print_exc(file=sys.stdout)

    log("the call's error, after the arguments")
    try:
        Shadowed().run(
            arg(1), arg(2))
    except TypeError:
        traceback.print_exc(file=sys.stdout)


def sender(obj):
    """The method and its self survive the yield inside the arguments."""
    got = obj.record((yield "first"), (yield "second"))
    log("  sender got", got)
    missing = obj.nothing_here((yield "never"))
    return missing


class Recorder:
    def __init__(self):
        self.calls = []

    def __getattribute__(self, name):
        log("  lookup", name)
        return object.__getattribute__(self, name)

    def record(self, *values):
        self.calls.append(values)
        return values


def generators():
    log("a generator: obj.m((yield x))")
    r = Recorder()
    g = sender(r)
    log(next(g))
    log(g.send("one"))
    try:
        g.send("two")
    except AttributeError as e:
        log("  AttributeError:", e)
    log("dropped while suspended inside the arguments")
    g = sender(Recorder())
    next(g)
    del g
    log("bound method of a plain attribute, dropped while suspended")

    def plain(obj):
        return obj.fn((yield 1))

    holder = Shadowed()
    holder.fn = lambda x: ("fn", x)
    g = plain(holder)
    next(g)
    try:
        g.send("sent")
    except StopIteration as stop:
        log("  returned", stop.value)
    g = plain(holder)
    next(g)
    g.close()
    log("done")


main()
generators()
