"""Mixed: hand-written JSON-like serializer and parser round-tripping nested data."""

DEFAULT_N = 3000


def escape(s):
    out = []
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        else:
            out.append(c)
    return "".join(out)


def dumps(obj):
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, str):
        return '"' + escape(obj) + '"'
    if isinstance(obj, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in obj) + "]"
    if isinstance(obj, dict):
        return "{" + ",".join('"%s":%s' % (escape(k), dumps(v)) for k, v in obj.items()) + "}"
    raise TypeError(type(obj).__name__)


class Reader:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def skip_ws(self):
        text = self.text
        while self.pos < len(text) and text[self.pos] in " \t\n\r":
            self.pos += 1

    def value(self):
        self.skip_ws()
        c = self.text[self.pos]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return self.string()
        if self.text.startswith("null", self.pos):
            self.pos += 4
            return None
        if self.text.startswith("true", self.pos):
            self.pos += 4
            return True
        if self.text.startswith("false", self.pos):
            self.pos += 5
            return False
        return self.number()

    def obj(self):
        self.pos += 1
        result = {}
        self.skip_ws()
        if self.text[self.pos] == "}":
            self.pos += 1
            return result
        while True:
            self.skip_ws()
            key = self.string()
            self.skip_ws()
            self.pos += 1  # ':'
            result[key] = self.value()
            self.skip_ws()
            c = self.text[self.pos]
            self.pos += 1
            if c == "}":
                return result

    def arr(self):
        self.pos += 1
        result = []
        self.skip_ws()
        if self.text[self.pos] == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            self.skip_ws()
            c = self.text[self.pos]
            self.pos += 1
            if c == "]":
                return result

    def string(self):
        self.pos += 1
        out = []
        text = self.text
        while True:
            c = text[self.pos]
            if c == '"':
                self.pos += 1
                return "".join(out)
            if c == "\\":
                nxt = text[self.pos + 1]
                out.append("\n" if nxt == "n" else nxt)
                self.pos += 2
            else:
                out.append(c)
                self.pos += 1

    def number(self):
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos] in "+-0123456789.eE":
            self.pos += 1
        lit = text[start:self.pos]
        if "." in lit or "e" in lit or "E" in lit:
            return float(lit)
        return int(lit)


def make_doc(i):
    return {
        "id": i,
        "name": "user \"%d\"\nline" % i,
        "active": i % 3 == 0,
        "score": i * 0.25,
        "tags": ["t%d" % (i % 7), "t%d" % (i % 11), None],
        "address": {"street": "%d Main St" % i, "zip": "%05d" % (i * 37 % 100000),
                    "geo": [i / 8.0, -i / 16.0]},
        "history": [{"day": d, "value": d * i % 97} for d in range(5)],
    }


def run(n):
    docs = [make_doc(i) for i in range(n)]
    text = dumps(docs)
    back = Reader(text).value()
    same = back == docs
    text2 = dumps(back)
    checksum = 0
    for ch in text2[::7]:
        checksum = (checksum * 33 + ord(ch)) % 1000000007
    return "%d|%d|%s" % (len(text), checksum, same)
