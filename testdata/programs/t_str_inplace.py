# `s += t` on a str local grows it in place when nothing else holds it
# (as the interpreter does), so building a long string in a loop stays
# linear (80 MB by 4 KB pieces: minutes when copied, a second in place);
# every other case (aliases, wider characters, hashed or interned strings,
# s += s, cells, non-str operands) gets a new string.


def build(pieces):
    text = ""
    for piece in pieces:
        text += piece
    return text


def long_string():
    # 4 MB by 2 KB pieces (kept small: under ASan, realloc always copies).
    chunk = "0123456789abcdef" * 128
    text = ""
    for _ in range(2048):
        text += chunk
    return len(text), text[-3:], text.count("f")


def aliases():
    text = "abc"
    alias = text
    text += "def"
    kept = [text]
    text += "ghi"
    return alias, kept, text


def kinds():
    text = "ascii"
    text += "-latin1-\xe9"
    text += "-ucs2-\u20ac"
    text += "-ucs4-\U0001f600"
    text += "-back to ascii"
    narrow = "\u20ac"
    narrow += "x"
    return text, len(text), ascii(narrow)


def hashed_and_interned():
    key = "key" + str(1)
    table = {key: 1}
    key += "-grown"
    name = "interned"
    name += "-grown"
    return sorted(table), key, name


def doubled():
    text = "ab" + str(0)
    text += text
    text += text
    return text


def in_cell():
    text = "cell" + ""
    def read():
        return text
    text += "-grown"
    return read()


class Str(str):
    pass


def subclass_and_others():
    text = "plain" + "x"
    text += Str("-sub")
    items = ["a"]
    items += "bc"
    number = 5
    number += 2
    sub = Str("s")
    sub += "t"
    return text, type(text).__name__, items, number, sub, type(sub).__name__


def empty_piece():
    text = "same" + "!"
    text += ""
    return text


print(build(["a", "b", "\xe9", "\u20ac", "x" * 5]))
print(long_string())
print(aliases())
print(kinds())
print(hashed_and_interned())
print(doubled())
print(in_cell())
print(subclass_and_others())
print(empty_piece())
try:
    text = "x"
    text += 5
except TypeError as e:
    print("TypeError:", e)
