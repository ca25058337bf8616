"""String parsing: a hand-written tokenizer plus recursive-descent expression evaluator."""

DEFAULT_N = 3000

KEYWORDS = ("let", "in", "if", "then", "else")


def make_source(n):
    parts = []
    for i in range(n):
        parts.append("let x%d = (%d + %d) * %d - y%d / 3 in if x%d then %d else %d;\n"
                     % (i, i, i * 7 % 13, i % 5 + 1, i % 17, i, i * 2, i + 1))
        parts.append("  total = total + x%d * 2.5 - (%d %% 7) ;\n" % (i, i))
    return "".join(parts)


def tokenize(text):
    tokens = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == " " or c == "\n" or c == "\t":
            i += 1
        elif c.isdigit():
            j = i
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            lit = text[i:j]
            if "." in lit:
                tokens.append(("FLOAT", lit))
            else:
                tokens.append(("INT", lit))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            tokens.append(("KW" if word in KEYWORDS else "NAME", word))
            i = j
        elif c in "+-*/%()=;":
            tokens.append(("OP", c))
            i += 1
        else:
            raise ValueError("bad char %r" % c)
    return tokens


class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0

    def peek(self):
        if self.pos < len(self.tokens):
            return self.tokens[self.pos][1]
        return None

    def next(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expr(self):
        v = self.term()
        while self.peek() in ("+", "-"):
            op = self.next()[1]
            r = self.term()
            v = v + r if op == "+" else v - r
        return v

    def term(self):
        v = self.atom()
        while self.peek() in ("*", "/", "%"):
            op = self.next()[1]
            r = self.atom()
            if op == "*":
                v = v * r
            elif op == "/":
                v = v // r if r else 0
            else:
                v = v % r if r else 0
        return v

    def atom(self):
        kind, text = self.next()
        if kind == "INT":
            return int(text)
        if kind == "FLOAT":
            return int(float(text) * 10)
        if kind == "NAME":
            return len(text)
        if text == "(":
            v = self.expr()
            self.next()
            return v
        if text == "-":
            return -self.atom()
        return 0


def run(n):
    src = make_source(n)
    total = 0
    kinds = {}
    for _ in range(3):
        tokens = tokenize(src)
        for kind, _text in tokens:
            kinds[kind] = kinds.get(kind, 0) + 1
        # evaluate every parenthesised or simple expression between '=' and ';'/'in'
        p = Parser(tokens)
        while p.pos < len(tokens):
            kind, text = p.next()
            if text == "=":
                total = (total + p.expr()) % 1000000007
    return "%d|%s" % (total, ",".join("%s=%d" % (k, kinds[k]) for k in sorted(kinds)))
