"""A tokenizer, recursive-descent parser and tree-walking interpreter for a tiny language."""
import re

TOKEN_RE = re.compile(r"\s*(?:(\d+\.?\d*)|([A-Za-z_]\w*)|(==|!=|<=|>=|&&|\|\||[-+*/%()<>=!{};,]))")
KEYWORDS = {"let", "if", "else", "while", "print", "fn", "return"}


class Token:
    def __init__(self, kind, value, pos):
        self.kind, self.value, self.pos = kind, value, pos

    def __repr__(self):
        return f"{self.kind}:{self.value}"


def tokenize(src):
    pos, tokens = 0, []
    src = src.rstrip()
    while pos < len(src):
        m = TOKEN_RE.match(src, pos)
        if not m or m.end() == pos:
            pos += len(src[pos:]) - len(src[pos:].lstrip())
            raise SyntaxError(f"bad character {src[pos]!r} at {pos}")
        num, name, op = m.groups()
        if num:
            tokens.append(Token("num", float(num) if "." in num else int(num), pos))
        elif name:
            tokens.append(Token("kw" if name in KEYWORDS else "name", name, pos))
        else:
            tokens.append(Token("op", op, pos))
        pos = m.end()
    tokens.append(Token("eof", None, pos))
    return tokens


class Parser:
    PREC = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]

    def __init__(self, tokens):
        self.toks, self.i = tokens, 0

    def peek(self, value=None):
        t = self.toks[self.i]
        return t if value is None or t.value == value else None

    def take(self, value=None):
        t = self.toks[self.i]
        if value is not None and t.value != value:
            raise SyntaxError(f"expected {value!r} at {t.pos}, got {t.value!r}")
        self.i += 1
        return t

    def program(self):
        stmts = []
        while self.peek().kind != "eof":
            stmts.append(self.statement())
        return ("block", stmts)

    def block(self):
        self.take("{")
        stmts = []
        while not self.peek("}"):
            stmts.append(self.statement())
        self.take("}")
        return ("block", stmts)

    def statement(self):
        t = self.peek()
        if t.value == "let":
            self.take()
            name = self.take().value
            self.take("=")
            expr = self.expr()
            self.take(";")
            return ("let", name, expr)
        if t.value == "print":
            self.take()
            args = [self.expr()]
            while self.peek(","):
                self.take()
                args.append(self.expr())
            self.take(";")
            return ("print", args)
        if t.value == "if":
            self.take()
            cond, then = self.expr(), self.block()
            other = None
            if self.peek("else"):
                self.take()
                other = self.block()
            return ("if", cond, then, other)
        if t.value == "while":
            self.take()
            return ("while", self.expr(), self.block())
        if t.value == "fn":
            self.take()
            name = self.take().value
            self.take("(")
            params = []
            while not self.peek(")"):
                params.append(self.take().value)
                if self.peek(","):
                    self.take()
            self.take(")")
            return ("fn", name, params, self.block())
        if t.value == "return":
            self.take()
            e = self.expr()
            self.take(";")
            return ("return", e)
        if t.kind == "name" and self.toks[self.i + 1].value == "=":
            name = self.take().value
            self.take("=")
            e = self.expr()
            self.take(";")
            return ("assign", name, e)
        e = self.expr()
        self.take(";")
        return ("expr", e)

    def expr(self, level=0):
        if level == len(self.PREC):
            return self.unary()
        left = self.expr(level + 1)
        while self.peek().kind == "op" and self.peek().value in self.PREC[level]:
            op = self.take().value
            left = ("bin", op, left, self.expr(level + 1))
        return left

    def unary(self):
        if self.peek("-") or self.peek("!"):
            return ("un", self.take().value, self.unary())
        return self.call()

    def call(self):
        t = self.take()
        if t.kind == "num":
            return ("num", t.value)
        if t.value == "(":
            e = self.expr()
            self.take(")")
            return e
        if t.kind == "name":
            if self.peek("("):
                self.take()
                args = []
                while not self.peek(")"):
                    args.append(self.expr())
                    if self.peek(","):
                        self.take()
                self.take(")")
                return ("call", t.value, args)
            return ("var", t.value)
        raise SyntaxError(f"unexpected {t.value!r} at {t.pos}")


class ReturnSignal(Exception):
    def __init__(self, value):
        self.value = value


OPS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if isinstance(a, float) or isinstance(b, float) or a % b else a // b,
    "%": lambda a, b: a % b, "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
}


class Interpreter:
    def __init__(self):
        self.output = []
        self.steps = 0

    def run(self, node, env):
        self.steps += 1
        kind = node[0]
        if kind == "block":
            for stmt in node[1]:
                self.run(stmt, env)
        elif kind == "let":
            env[node[1]] = self.eval(node[2], env)
        elif kind == "assign":
            if node[1] not in env:
                raise NameError(f"assignment to undeclared variable {node[1]!r}")
            env[node[1]] = self.eval(node[2], env)
        elif kind == "print":
            self.output.append(" ".join(str(self.eval(a, env)) for a in node[1]))
        elif kind == "if":
            if self.eval(node[1], env):
                self.run(node[2], env)
            elif node[3]:
                self.run(node[3], env)
        elif kind == "while":
            while self.eval(node[1], env):
                self.run(node[2], env)
        elif kind == "fn":
            env[node[1]] = ("closure", node[2], node[3], env)
        elif kind == "return":
            raise ReturnSignal(self.eval(node[1], env))
        elif kind == "expr":
            self.eval(node[1], env)

    def eval(self, node, env):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "var":
            if node[1] not in env:
                raise NameError(f"undefined variable {node[1]!r}")
            return env[node[1]]
        if kind == "un":
            v = self.eval(node[2], env)
            return -v if node[1] == "-" else int(not v)
        if kind == "bin":
            op = node[1]
            if op == "&&":
                return self.eval(node[2], env) and self.eval(node[3], env)
            if op == "||":
                return self.eval(node[2], env) or self.eval(node[3], env)
            return OPS[op](self.eval(node[2], env), self.eval(node[3], env))
        if kind == "call":
            _, params, body, closure_env = self.eval(("var", node[1]), env)
            local = dict(closure_env)
            local.update(zip(params, (self.eval(a, env) for a in node[2])))
            try:
                self.run(body, local)
            except ReturnSignal as r:
                return r.value
            return 0
        raise RuntimeError(f"bad node {kind}")


PROGRAM = """
let n = 10;
let a = 0; let b = 1; let i = 0;
while i < n { let t = a + b; a = b; b = t; i = i + 1; }
print a, b;
fn fact(k) { if k <= 1 { return 1; } return k * fact(k - 1); }
print fact(20);
fn gcd(x, y) { while y != 0 { let r = x % y; x = y; y = r; } return x; }
print gcd(1071, 462), 7 / 2, 8 / 2, 7.0 / 2, -(3 - 10) * 2;
let s = 0; let j = 1;
while j <= 100 { if j % 3 == 0 || j % 5 == 0 { s = s + j; } j = j + 1; }
print s, !0, !5, 1 < 2 && 2 < 1;
"""
tokens = tokenize(PROGRAM)
print("tokens:", len(tokens), tokens[:8])
ast = Parser(tokens).program()
print("statements:", len(ast[1]), "first:", ast[1][0])
interp = Interpreter()
env = {}
interp.run(ast, env)
print("\n".join(interp.output))
print("globals:", sorted(k for k in env if not isinstance(env[k], tuple)), "steps:", interp.steps)
for bad in ["let x = ;", "print 1 $ 2;", "print y;", "let q = (1 + 2;", "z = 1;"]:
    try:
        i2 = Interpreter()
        i2.run(Parser(tokenize(bad)).program(), {})
    except (SyntaxError, NameError) as e:
        print(f"{type(e).__name__}: {e}")
