"""Generators: send, throw, close, yield from, return values, pipelines."""


def running_average():
    total = 0.0
    count = 0
    avg = None
    while True:
        try:
            value = yield avg
        except ValueError as e:
            print("  generator got ValueError:", e)
            total, count, avg = 0.0, 0, None
            continue
        if value is None:
            break
        total += value
        count += 1
        avg = total / count
    return count


g = running_average()
print("prime:", next(g))
for v in (10, 20, 60):
    print("send", v, "->", g.send(v))
print("throw ->", g.throw(ValueError("reset please")))
print("send 5 ->", g.send(5))
try:
    g.send(None)
except StopIteration as stop:
    print("returned:", stop.value)


def resource(name, log):
    log.append(f"open {name}")
    try:
        for i in range(100):
            yield f"{name}-{i}"
    except GeneratorExit:
        log.append(f"close {name}")
        raise
    finally:
        log.append(f"finally {name}")


log = []
r = resource("db", log)
print(next(r), next(r))
r.close()
print("log:", log)
print("closed gen next:", next(r, "exhausted"))


def chunked(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
    return "done"


def tree_walk(tree, depth=0):
    name, children = tree
    yield "  " * depth + name
    for child in children:
        yield from tree_walk(child, depth + 1)


def delegator():
    result = yield from chunked(range(7), 3)
    yield f"inner returned {result!r}"


print(list(delegator()))
tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [("b1", [("b1x", [])])])])
print("\n".join(tree_walk(tree)))


def integers():
    n = 1
    while True:
        yield n
        n += 1


def take(n, it):
    for _ in range(n):
        yield next(it)


def primes():
    seen = []
    for n in integers():
        if n < 2:
            continue
        if all(n % p for p in seen if p * p <= n):
            seen.append(n)
            yield n


print("primes:", list(take(15, primes())))
squares = (x * x for x in range(10) if x % 2)
print("genexpr:", sum(squares), list(squares))


def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    finally:
        print("  echo finalized with", received)


e = echo()
next(e)
e.send("a")
e.send("b")
e.close()


def passthrough():
    inner = running_average()
    result = yield from inner
    print("  passthrough saw return", result)
    yield "after"


p = passthrough()
next(p)
p.send(4)
p.send(8)
print("throw via yield from ->", p.throw(ValueError("deleg")))
print("final:", p.send(None))
print("exhausted:", next(p, "stop"))
