"""Iterator protocol: custom iterators, iter() with sentinel, StopIteration handling."""


class Range2D:
    """Iterable that hands out fresh iterators."""

    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols

    def __iter__(self):
        return Range2DIterator(self.rows, self.cols)

    def __len__(self):
        return self.rows * self.cols


class Range2DIterator:
    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols
        self.r = self.c = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.r >= self.rows:
            raise StopIteration
        cell = (self.r, self.c)
        self.c += 1
        if self.c == self.cols:
            self.c = 0
            self.r += 1
        return cell


class Fib:
    def __init__(self, limit):
        self.limit = limit

    def __iter__(self):
        a, b = 0, 1
        while a <= self.limit:
            yield a
            a, b = b, a + b


class Peekable:
    def __init__(self, iterable):
        self._it = iter(iterable)
        self._buf = []

    def __iter__(self):
        return self

    def __next__(self):
        if self._buf:
            return self._buf.pop()
        return next(self._it)

    def peek(self, default=None):
        if not self._buf:
            try:
                self._buf.append(next(self._it))
            except StopIteration:
                return default
        return self._buf[-1]


grid = Range2D(2, 3)
print("cells:", list(grid), len(grid))
print("two passes equal:", list(grid) == list(grid))
it1 = iter(grid)
print("manual next:", next(it1), next(it1), "rest:", list(it1), "exhausted:", list(it1))
print("iter(it) is it:", iter(it1) is it1)
print("fib:", list(Fib(100)), sum(Fib(1000)), 89 in Fib(100), 90 in Fib(100))

tokens = Peekable("12+34*5")
parts = []
for ch in tokens:
    if ch.isdigit():
        num = ch
        while (nxt := tokens.peek()) is not None and nxt.isdigit():
            num += next(tokens)
        parts.append(int(num))
    else:
        parts.append(ch)
print("peekable tokens:", parts)

lines = iter(["header", "a", "b", "END", "ignored"])
print("sentinel iter:", list(iter(lambda: next(lines), "END")), "left:", list(lines))
counter = [0]


def tick():
    counter[0] += 1
    return counter[0]


print("callable sentinel:", list(iter(tick, 5)))
it = iter([1, 2])
print("next default:", next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration as e:
    print("StopIteration args:", e.args)

d = {"b": 2, "a": 1}
di = iter(d)
print("dict iter:", next(di), type(di).__name__, list(reversed(d)), type(iter(range(3))).__name__)
e = enumerate("xyz", 10)
print("enumerate:", next(e), list(e))
z = zip([1, 2, 3], "ab")
print("zip shortest:", list(z))
try:
    list(zip([1, 2], "abc", strict=True))
except ValueError as err:
    print("ValueError:", err)
m = map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])
print("map:", list(m), list(m))
f = filter(None, [0, 1, "", "x", None, [], [0]])
print("filter None:", list(f))
r = reversed([1, 2, 3])
print("reversed:", next(r), list(r))


def gen_raises_stop():
    yield 1
    raise StopIteration("inside generator")


try:
    list(gen_raises_stop())
except RuntimeError as err:
    print("RuntimeError:", err, "| cause:", repr(err.__cause__))
try:
    iter(42)
except TypeError as err:
    print("TypeError:", err)


class BadIter:
    def __iter__(self):
        return 5


try:
    iter(BadIter())
except TypeError as err:
    print("TypeError:", err)
print("all/any short-circuit:", all(x < 3 for x in Fib(10 ** 9)), any(x > 50 for x in Fib(10 ** 9)))
print("sum/min/max over iterator:", sum(iter(range(5))), min(iter("hello")), max(Range2D(3, 2)))
