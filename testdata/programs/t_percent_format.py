"""str % tuple that CPython compiles as an f-string (ast_opt's optimize_format),
and the ones it leaves as BINARY_OP."""


class P:
    def __repr__(self):
        return "<%s[%s]>" % (type(self).__name__,
            ", ".join(["a", "b"]))


def simple(a, b):
    return ("%-4r %5.2s%%" % (a, b), "%s" % (a,), "%s=%r" % (a, b), "%10s|%-10s|%.1s" % (a, b, a),
            "it's %s" % (a,), 'q"%s\'' % (b,), "%a\t%s\n" % ("\xe9", b), "%05s" % (a,), "%5.s" % (b,),
            "%s%%" % (a,), "%+ #s" % (a,), "%-5a|" % (b,))


def not_optimized(a, b):
    # %d, too wide, %(name)s, a mismatch of units and items, a constant tuple, non-ASCII text
    return ("%d" % (len(b),), "%100s" % (a,), "%(k)s" % {"k": a}, "%s %s" % (a, b)[:2],
            "%s" % (1,), "%s" % ((1, 2),), "%*s" % (3, a))


def non_ascii(a):
    return "caf\xe9 %s \u2192 %r" % (a, "\U0001f600")


class Crème:
    prix: int = 3

    def label(self, größe):
        return "crème \u00e0 %s: %s" % (größe, self.prix)


class Bad:
    def __str__(self):
        raise ValueError("no str")

    def __repr__(self):
        return "Bad()"


def fails(x):
    return "value: %s and %r" % (1,
                                 x)


def fails_repr(x):
    return "%r|%s" % (x, x)


print(P())
print(simple(1, "xy"))
print(simple("abc", [1]))
print(not_optimized("a", "bc"), non_ascii(1))
try:
    "%s %s" % (1,)
except TypeError as e:
    print(e)

try:
    fails_repr(Bad())
except ValueError as e:
    print("ValueError", e)
print(Crème().label("grand"), Crème.__annotations__, Crème.__name__)
fails(Bad())
