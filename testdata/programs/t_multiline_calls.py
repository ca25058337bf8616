"""Method calls spread over lines: CPython places the call at the method's
name (update_start_location_to_match_attr); tracebacks must agree."""


class Chain:
    def __init__(self, items):
        self.items = list(items)

    def add(self, x, scale=1):
        return Chain(self.items + [x * scale])

    def fail(self, why, code=0):
        raise ValueError(why, code)


def chained(v):
    return str(v).replace("a", "b") \
        .replace("c", "d").upper()


def built(n):
    return (Chain([])
            .add(n)
            .add(n + 1,
                 scale=2)
            .items)


def formatted(v):
    return ("value {0!r} and {k}"
            .format(v, k=len(str(v))))


def failing(c):
    return (c
            .add(1)
            .fail("bad",
                  code=3))


def failing_positional(c):
    return (c.
            fail("positional"))


print(chained("abcabc"), built(3), formatted([1, 2]))
for f in (failing, failing_positional):
    try:
        f(Chain([]))
    except ValueError as e:
        print("ValueError", e.args)
failing(Chain([1]))
