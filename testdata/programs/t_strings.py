"""String methods, formatting and parsing for a log/CSV cleaner."""
import string
import textwrap

raw = "  Hello, World! Welcome to PyAOT.  "
print(repr(raw.strip()), repr(raw.lstrip()), repr(raw.rstrip(" .")))
s = raw.strip()
print(s.upper(), s.lower(), s.title(), s.swapcase(), s.casefold())
print(s.capitalize(), "|", "straße".upper(), "|", "ǅ".lower(), "ǅ".upper(), "ǅ".title())
print(s.find("o"), s.rfind("o"), s.index("World"), s.find("zzz"), s.count("o"), s.count(""))
try:
    s.index("zzz")
except ValueError as e:
    print("ValueError:", e)
print(s.replace("o", "0"), s.replace("o", "0", 1))
print(s.split(), s.split(",", 1), s.rsplit(" ", 2), "a,,b,".split(","))
print("line1\nline2\r\nline3\n".splitlines(), "line1\nline2\n".splitlines(keepends=True))
print(s.partition(" "), s.rpartition(" "), s.partition("#"))
print(s.startswith("Hello"), s.endswith(("x", ".")), s.startswith("World", 7))
print("abc123".isalnum(), "abc".isalpha(), "123".isdigit(), "½".isnumeric(), "²".isdigit(), " \t".isspace())
print("Title Case".istitle(), "lower".islower(), "UPPER".isupper(), "id_1".isidentifier(), "1id".isidentifier())
print("-".join(["a", "b", "c"]), "".join(reversed("stressed")), ", ".join(map(str, range(4))))
print(repr("42".zfill(6)), repr("-42".zfill(6)), repr("x".center(7, "*")), repr("x".ljust(4, ".")), repr("x".rjust(4)))
print("a\tb\tc".expandtabs(4), "|", "tab\there".expandtabs())
print("removeprefix:", "unittest_case".removeprefix("unittest_"), "file.tar.gz".removesuffix(".gz"))
table = str.maketrans({"a": "4", "e": "3", "o": None})
print("translate:", "hello operator".translate(table), "abc".translate(str.maketrans("abc", "xyz")))
print("ord/chr:", ord("A"), chr(9731), [ord(c) for c in "é€"], hex(ord("€")))
print("compare:", "apple" < "banana", "Zebra" < "apple", "a" * 3 + "b" * 2, "abc" in "xabcx")
print("slicing:", s[::2], s[-6:], s[:5][::-1])

csv_text = """name, age , city
  Ann ,31, Oslo
Bob,  , Berlin
Cid,27,  "New York"
"""
rows = [[cell.strip().strip('"') for cell in line.split(",")] for line in csv_text.strip().splitlines()]
header, *body = rows
for r in body:
    rec = dict(zip(header, r))
    age = int(rec["age"]) if rec["age"] else None
    print(f"  {rec['name']:<5} {age!s:>4} {rec['city']}")

tmpl = string.Template("Dear $name, you owe ${amount} EUR. $$ sign kept.")
print(tmpl.substitute(name="Ann", amount="12.50"))
print(tmpl.safe_substitute(name="Bob"))
print(string.ascii_lowercase[:6], string.digits, string.punctuation[:8], string.capwords("hello   big world"))
para = "The quick brown fox jumps over the lazy dog. " * 3
print(textwrap.fill(para, width=40))
print(textwrap.shorten(para, width=30), "|", repr(textwrap.dedent("    a\n      b\n    c")))
print(textwrap.indent("x\ny", "> "))
parts = []
for word in "one two three".split():
    parts.append(word[::-1].upper())
print(" ".join(parts), str(3.0), str(-0), repr("quote's"), repr('dq"'), repr("both'\""))
print("%s has %d items costing %.2f (%5.1f%%)" % ("cart", 3, 9.5, 12.345))
print("{:,}".format(10 ** 9), int("1_000"), int("ff", 16), int("0b101", 0), float(" 1e3 "), int(" -7 "))
for bad in ["12a", "", "1.5"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
print("multiline:", """a
b""".split("\n"), "concat" "enated", r"raw\n" + "\\n", len("\N{SNOWMAN}"))
print("str mult/neg:", "ab" * 0, "ab" * -1, "-" * 10)
print(sorted(["b10", "a2", "b9", "a10"]), sorted(["b10", "a2", "b9", "a10"], key=lambda t: (t[0], int(t[1:]))))
