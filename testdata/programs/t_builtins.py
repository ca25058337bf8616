"""Tour of builtin functions used in day-to-day data wrangling."""

data = [4, -2, 7, 0, 7, 3]
print("len/sum/min/max:", len(data), sum(data), min(data), max(data), sum(data, 100), sum([[1], [2]], []))
print("min/max key/default:", min(data, key=abs), max([], default="empty"), max("apple", "pear", key=len), min((3, "b"), (3, "a")))
print("abs/round/divmod/pow:", abs(-3.5), abs(-7), round(3.14159, 2), divmod(-9, 4), pow(2, 10), pow(2, 10, 1000))
print("any/all:", any([]), all([]), any(x > 6 for x in data), all(x > -5 for x in data))
print("sorted/reversed:", sorted(data), sorted(data, reverse=True), list(reversed(data)))
print("enumerate/zip:", list(enumerate("ab", 1)), list(zip("abc", range(3), [True] * 3)))
print("map/filter:", list(map(str, data)), list(filter(lambda x: x % 2, data)), list(map(max, [1, 5], [3, 2])))
print("range:", list(range(5)), list(range(2, 11, 3)), list(range(5, 0, -2)), range(10)[2:8:2], len(range(0, 100, 7)), 14 in range(0, 100, 7))
print("conversions:", int("42"), float("2.5"), str(3), bool(""), bool("0"), list("abc"), tuple([1]), set("aab") == {"a", "b"})
print("number formats:", bin(10), oct(64), hex(255), int("0x1f", 16), int("777", 8), format(10, "b"), chr(65), ord("a"))
print("isinstance:", isinstance(True, int), isinstance(3, (str, float)), issubclass(bool, int), type(3) is int, type(True).__name__)
print("hash/id-free:", hash(42), hash("") == 0, hash((1, 2)) == hash((1, 2)), hash(-1))
print("callable/getattr:", callable(len), getattr("abc", "upper")(), hasattr([], "append"), getattr(1, "real"))


class Record:
    def __init__(self):
        self.a = 1


r = Record()
setattr(r, "b", 2)
delattr(r, "a")
print("setattr/delattr/vars:", vars(r), dir(r)[-1])
print("repr/ascii/str:", repr("x'y"), ascii("naïve"), str(b"hi"), repr(1.0), repr(None), repr([1, "2", (3,)]))
print("format:", format(3.14159, ".3f"), format(1234567, ","), format("s", ">4"), format(0.5, "%"))
print("slice/iter/next:", slice(1, 5, 2), next(iter([9])), next(iter([]), "default"))
print("complex/bytes:", complex(1, 2), bytes(2), bytearray(b"ab"), bytes([1, 2]), memoryview(b"xy").tolist())
print("dict/set/frozenset:", dict(a=1, b=2), dict([("x", 1)]), dict(zip("ab", "cd")), frozenset([1, 1]))
print("object/type:", type("Dyn", (), {"x": 1}).x, object().__class__.__name__, type(type).__name__)
print("globals contains:", "Record" in globals(), "data" in globals())
ns = {}
exec("y = 6 * 7\ndef f(a):\n    return a + y\n", ns)
print("exec/eval:", ns["y"], ns["f"](1), eval("2 ** 8"), eval("x + 1", {"x": 41}), eval("len(s)", {}, {"s": "abc"}))
code = compile("sum(range(n))", "<calc>", "eval")
print("compile:", eval(code, {"n": 10}), code.co_filename)
print("divmod float:", divmod(7.5, 2), 7.5 // 2, round(-2.5), round(0.5), round(1.5))
print("zip unequal:", list(zip([1, 2, 3], "ab")), dict(enumerate("xy")))
print("sum of floats:", sum([0.1] * 3), sum(range(101)), sum((i * i for i in range(10)), start=-285))
print("iter over dict views:", list({"k": 1}.keys()), list({"k": 1}.values()), list({"k": 1}.items()))
print("max of strings:", max(["apple", "Banana", "cherry"]), min(["apple", "Banana", "cherry"], key=str.lower))
print("print sep/end:", 1, 2, 3, sep="-", end="!\n")
print("isinstance of None:", isinstance(None, type(None)), None.__class__.__name__, NotImplemented.__class__.__name__, Ellipsis)
try:
    int("x")
except ValueError as e:
    print("ValueError:", e)
try:
    len(5)
except TypeError as e:
    print("TypeError:", e)
try:
    chr(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno, e.offset, repr(e.text), e.filename)
