# The runtime's fast paths (attribute caches, class construction, property
# getters, method caches, subscripts, comparisons) must behave exactly as
# the generic paths when their assumptions break.
import abc
import sys
import traceback
import types


def show(label, thunk):
    try:
        print(label, thunk())
    except Exception as error:
        print(label, "raised", type(error).__name__, error)


class Point:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a


class BadInit:
    def __init__(self):
        return 42


class Abstract(abc.ABC):
    def __init__(self):
        self.made = True

    @abc.abstractmethod
    def run(self):
        pass


class Raises:
    def __init__(self, n):
        if n < 0:
            raise ValueError(f"negative: {n}")
        self.n = n


class Meta(type):
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)


class WithMeta(metaclass=Meta):
    def __init__(self, v):
        self.v = v


def make_points(n):
    return [Point(i, -i).norm1 for i in range(n)] + [Point(7).norm1]


def construct_all():
    show("points", lambda: make_points(3))
    show("slotted", lambda: Slotted(5).a)
    show("unset slot", lambda: Slotted(5).b)
    show("bad init", BadInit)
    show("abstract", Abstract)
    show("too many", lambda: Point(1, 2, 3))
    show("too few", lambda: Point())
    show("metaclass", lambda: WithMeta(3).v)
    for n in (2, -1):
        try:
            print("raises", Raises(n).n)
        except ValueError:
            traceback.print_exc(file=sys.stdout)


def attribute_changes():
    p = Point(3, 4)
    out = [p.norm1, p.x]
    Point.norm1 = property(lambda self: "replaced")  # the type changes
    out.append(p.norm1)
    p.__dict__["x"] = 30  # a real __dict__ now
    out.append(p.x)
    del p.x
    try:
        p.x
    except AttributeError as error:
        out.append(str(error))
    s = Slotted(1)
    for v in range(3):
        s.a = v
        s.b = v * 10
    out.append((s.a, s.b))
    del s.b
    try:
        s.b
    except AttributeError as error:
        out.append(str(error))
    return out


def property_errors():
    class Broken:
        @property
        def value(self):
            return 1 / 0

    try:
        Broken().value
    except ZeroDivisionError:
        traceback.print_exc(file=sys.stdout)


def module_attributes():
    module = types.ModuleType("scratch")
    module.value = 1
    seen = []
    for k in range(4):
        seen.append(module.value)
        module.value = k * 10  # the module's dict changes
    del module.value
    try:
        module.value
    except AttributeError as error:
        seen.append(str(error))
    return seen, sys.maxsize > 0, abc.ABC.__name__


def methods_and_shadowing():
    class Greeter:
        def hello(self):
            return "class hello"

    g = Greeter()
    out = [g.hello(), g.hello()]
    g.hello = lambda: "instance hello"  # shadows the method
    out.append(g.hello())
    del g.hello
    out.append(g.hello())
    Greeter.hello = lambda self: "patched hello"
    out.append(g.hello())
    stack = []
    for i in range(3):
        stack.append(i)
    out.append((stack.pop(), stack.pop(0), stack))
    return out


def subscripts_and_comparisons():
    items = [10, 20, 30]
    pairs = (1, 2)
    table = {"a": 1, 2: "b"}
    out = [items[0], items[-1], pairs[1], table["a"], table[2]]
    items[1] = 99
    out.append(items)
    for bad in (lambda: items[3], lambda: items[-4], lambda: table["zz"], lambda: table[[1]],
                lambda: pairs[2 ** 40]):
        try:
            bad()
        except Exception as error:
            out.append(type(error).__name__)
    nan = float("nan")
    out += [nan < 1.0, nan == nan, nan != nan, "ab" == "a" + "b", "é" == "e", 2 ** 40 > 1]
    if nan == nan:
        out.append("nan equal?")
    if "x" * 3 != "xxx":
        out.append("str differ?")
    return out


construct_all()
print(attribute_changes())
property_errors()
print(module_attributes())
print(methods_and_shadowing())
print(subscripts_and_comparisons())


def closures_called_directly(n):
    def add(k):
        return k + n

    def counter():
        count = 0

        def bump():
            nonlocal count
            count += 1
            return count
        return bump

    def captured(arg):
        return lambda: arg * 2

    bump = counter()
    out = [add(1), add(2), bump(), bump(), captured(21)()]

    def fails(k):
        return k / (n - n)
    try:
        fails(1)
    except ZeroDivisionError:
        traceback.print_exc(file=sys.stdout)
    return out


print(closures_called_directly(5))


class Growing:
    def __init__(self, order):
        for name in order:
            setattr(self, name, name.upper())
        self.first = 1
        self.second = 2


def attributes_added_in_order():
    # Stores of new attributes through the cached inline-values path keep
    # the instance dict's insertion order, deletes included.
    out = []
    for order in ("ab", "ba", ""):
        g = Growing(order)
        g.third = 3
        del g.first
        g.first = "again"
        out.append(list(vars(g).items()))
    many = [Growing("ab") for _ in range(3)]
    many[1].extra = "x"
    out.append([list(vars(m)) for m in many])
    return out


print(attributes_added_in_order())


class LoggingList(list):
    def append(self, item):
        print("LoggingList.append", item)
        super().append(item * 2)


class Appender:
    def __init__(self):
        self.append = lambda item: print("instance attribute append", item) or "returned"


def appends_and_string_indexing():
    # `x.append(v)` appends directly only for exact lists; str[i] returns
    # the same one-character strings as the generic path.
    out = []
    for target in ([], LoggingList(), Appender(), (), None):
        try:
            result = target.append(len(out))
            out.append((type(target).__name__, result, list(target) if isinstance(target, list) else None))
        except AttributeError as error:
            out.append(str(error))
    grown = []
    for i in range(100):
        grown.append(i)
    out.append((len(grown), grown[-1], sum(grown)))
    try:
        [].append()
    except TypeError as error:
        out.append(str(error))
    try:
        [].append(1, 2)
    except TypeError as error:
        out.append(str(error))
    text = "aé€😀z"
    chars = [text[i] for i in range(-len(text), len(text))]
    out.append((chars, [c is text[i] for i, c in enumerate(text)], text[True]))
    for bad in (len(text), -len(text) - 1, 2 ** 70, "0", 1.0):
        try:
            text[bad]
        except (IndexError, TypeError) as error:
            out.append(type(error).__name__ + ": " + str(error))
    class Text(str):
        def __getitem__(self, i):
            return "Text[%r]" % (i,)
    first, second = "abc", "xbc"
    out.append((Text("abc")[1], first[1] is second[1]))
    return out


print(appends_and_string_indexing())


class Token(str):
    def __eq__(self, other):
        print("Token.__eq__", str.__str__(self), other)
        return True

    __hash__ = str.__hash__


def string_literal_equality():
    # `x == "lit"` and `x != "lit"` compare exact strs inline; a subclass's
    # __eq__, other types and non-ASCII kinds go the generic way.
    out = []
    samples = ["upper", "title", "upp" + "er", "", "\\u20ac", "€", "é", "😀", Token("x"), 5, None, b"upper", ["upper"]]
    for s in samples:
        out.append((s == "upper", s != "upper", "upper" == s, s == "€", s != "😀", s == "é", s == ""))
    flags = []
    for s in ("a", "b", "a"):
        if s == "a":
            flags.append("is a")
        elif s != "b":
            flags.append("not b")
        else:
            flags.append("b")
    out.append(flags)
    class Weird:
        def __eq__(self, other):
            raise ValueError("no equality for " + other)
    try:
        if Weird() == "x":
            pass
    except ValueError as error:
        out.append(str(error))
    return out


print(string_literal_equality())


class Shape:
    def __init__(self, size):
        self.size = size

    @property
    def area(self):
        return self.size * self.size


class Square(Shape):
    pass


class Circle(Shape):
    @property
    def area(self):
        return 3 * self.size * self.size


class Pinned:
    __slots__ = ("size",)

    def __init__(self, size):
        self.size = size

    area = property(lambda self: -self.size)


def polymorphic_sites():
    # One attribute site seeing two, three and four receiver types, the
    # types changing under it, and stores through the second entry.
    out = []
    shapes = [Shape(1), Square(2), Circle(3), Pinned(4)]
    for rounds in range(3):
        for count in (2, 3, 4):
            for s in shapes[:count] * 2:
                s.size = s.size + 1
                out.append((type(s).__name__, s.size, s.area))
        if rounds == 1:
            Square.area = property(lambda self: "patched")
            Shape.size = 0  # a class attribute under the instance ones
    del shapes[1].size
    out.append([(type(s).__name__, s.size) for s in shapes])
    return out


print(polymorphic_sites())


def polymorphic_methods():
    # A method-call site over a base class and two subclasses, one of which
    # overrides the method; then an instance attribute shadows it.
    class Base:
        def describe(self):
            return "base " + type(self).__name__

    class Same(Base):
        pass

    class Override(Base):
        def describe(self):
            return "override"

    items = [Base(), Same(), Override(), Same(), Base()] * 2
    out = [item.describe() for item in items]
    items[1].describe = lambda: "instance attribute"
    out.extend(item.describe() for item in items[:4])
    Base.describe = lambda self: "replaced"
    out.extend(item.describe() for item in items[:4])
    return out


print(polymorphic_methods())


def builtin_calls():
    # Builtin functions and method descriptors called without the
    # vectorcall dispatch (METH_O, METH_FASTCALL, METH_NOARGS), and every
    # argument count they reject, with the interpreter's messages.
    out = []
    data = [3, 1, 2]
    bound_append = data.append
    bound_append(9)
    out.append((len(data), abs(-4), chr(65), isinstance(data, list), divmod(7, 2), iter(data).__next__(),
                next(iter(data)), sorted(data), max(data), min(3, 1), repr(data), hash("x") == hash("x"),
                globals() is globals(), data))
    out.append(("abc".upper(), "a,b".split(","), [1, 2].pop(), {"k": 1}.get("k"), {}.get("k", "dflt"),
                "x".startswith("x"), ",".join(["a", "b"]), {}.setdefault("a", 1), {1}.isdisjoint([2]),
                "  s ".strip(), (1, 2).index(2), "abc".find("c"), b"ab".hex()))
    calls = [lambda: len(), lambda: len(1, 2), lambda: abs(), lambda: globals(1), lambda: isinstance(1),
             lambda: chr("x"), lambda: "abc".upper(1), lambda: [].pop(5), lambda: {}.get(), lambda: ",".join(),
             lambda: set().add(), lambda: set().add([]), lambda: len(5), lambda: str.upper(5),
             lambda: divmod(1, 0), lambda: next(iter([]))]
    for call in calls:
        try:
            out.append(call())
        except Exception as error:
            out.append(type(error).__name__ + ": " + str(error))

    def deep(k):
        return deep(k + 1) if k < 10 ** 6 else len(str(k))

    try:
        deep(0)
    except RecursionError as error:
        out.append("RecursionError: " + str(error))
    return out


print(builtin_calls())
