"""The order in which decorator expressions, defaults, annotations and class
bases are evaluated, and decorators applied, for functions, methods, nested
functions, lambdas' owners and classes: each step prints."""


def log(*parts):
    print(" ".join(str(p) for p in parts))


def make(tag):
    log("make", tag)

    def apply(target):
        log("apply", tag, "to", target.__name__)
        target.tags = getattr(target, "tags", ()) + (tag,)
        return target

    return apply


class Registry:
    """Every attribute is a decorator factory; each lookup prints."""

    def __init__(self, name):
        self.name = name

    def __getattr__(self, attr):
        log("getattr", self.name, attr)
        if attr.startswith("_"):
            raise AttributeError(attr)
        return factory(self.name + "." + attr)

    def __call__(self, tag):
        log("call", self.name, tag)
        return make(self.name + "(" + tag + ")")


def factory(tag):
    """A decorator used bare (`@reg.name`) or called with a tag (`@reg.name(t)`)."""

    def apply_or_make(target, *more):
        if isinstance(target, str):
            return make(tag + "(" + ",".join((target,) + more) + ")")
        return make(tag)(target)

    return apply_or_make


def arg(value):
    log("arg", value)
    return value


def default(value):
    log("default", value)
    return value


def base(name):
    log("base", name)
    return type(name, (), {})


reg = Registry("reg")
plain = make("plain")


@reg.route(arg("a"))
@make(arg("b"))
@reg(arg("c"))
@plain
def handler(x=default(1), *, y=default(2)) -> arg("ret"):
    return x + y


log("handler", handler(), handler.tags)


@make(arg("cls1"))
@reg.klass
class Widget(base("B1"), base("B2"), metaclass=type):
    log("body of Widget")

    @reg.method(arg("m"))
    def size(self, scale=default("s")):
        return scale

    @staticmethod
    @make(arg("inner"))
    def build(n=default("n")):
        return n


log("Widget", Widget.tags, Widget().size(), Widget.build())


def outer(prefix):
    log("outer", prefix)

    @make(arg(prefix + "-x"))
    @reg.nested
    def inner(v=default(prefix)):
        return prefix + v

    return inner


fn = outer("p")


@reg.route(reg.prefix(arg("nested")), arg("second"))
def nested_calls():
    return "n"


log("nested", nested_calls.tags)
log("inner", fn(), fn.tags)


def chain():
    # Each decorator is a fresh expression: a lookup, a subscript, a call result.
    table = {"k": make("subscript")}
    deco = [make("list")]

    @table["k"]
    @deco[0]
    @(lambda f: (log("lambda deco", f.__name__), f)[1])
    def target(a=default("t")):
        return a

    return target


log("chain", chain()(), chain().tags)


async def agen_user(q=default("async")):
    return q


@make(arg("async"))
async def coro(v=default("cv")):
    return v


try:
    @make(arg("before failure"))
    @reg._private
    def never():
        pass
except AttributeError as e:
    log("decorator lookup failed:", e)

try:
    @make(arg("first"))
    @make(arg("second"))
    def failing_default(v=default(1) / 0):
        pass
except ZeroDivisionError as e:
    log("default failed:", e)
