"""Classes defined inside functions, and del of attributes."""


def tagged(cls):
    cls.tag = "tagged"
    return cls


class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["kw"] = kw
        return super().__new__(mcls, name, bases, ns)


def make(base, value):
    class Plain:
        pass

    @tagged
    class Holder(base, metaclass=Meta, flavor="x"):
        x = value

        def load(self):
            return Holder, self.x, __class__.__name__

        def __repr__(self):
            return f"<Holder {self.x}>"

    class Child(Holder):
        def load(self):
            return super().load()[1] * 2

    return Plain.__qualname__, Holder.tag, Holder.kw, Holder().load()[1:], Child().load(), repr(Child())


def private():
    class __Hidden:
        pass
    return __Hidden.__name__


def bad_base():
    class Broken(42):
        pass


def drops(obj):
    obj.a = 1
    obj.b = 2
    del obj.a
    del (obj.b, )
    return vars(obj)


class Slotted:
    __slots__ = ("x",)


def del_missing(obj):
    del obj.x


class Obj:
    pass


print(make(object, 3), private(), drops(Obj()))
for f, arg in ((bad_base, None), (del_missing, Slotted()), (del_missing, Obj())):
    try:
        f(arg) if arg is not None else f()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
del_missing(Obj())
