"""Closures: counters with nonlocal, late binding, factories, cell sharing."""


def make_counter(start=0, step=1):
    count = start

    def incr():
        nonlocal count
        count += step
        return count

    def reset():
        nonlocal count
        count = start

    def peek():
        return count

    return incr, reset, peek


incr, reset, peek = make_counter(10, 5)
print([incr() for _ in range(3)], peek())
reset()
print("after reset:", peek(), incr())

# late binding: all lambdas see the final i
late = [lambda: i for i in range(4)]
print("late binding:", [f() for f in late])
# default-arg capture fixes it
early = [lambda i=i: i for i in range(4)]
print("early binding:", [f() for f in early])

handlers = {}
for name in ["open", "close", "save"]:
    def handler(arg, _name=name):
        return f"{_name}({arg})"
    handlers[name] = handler
print(sorted(h("x") for h in handlers.values()))

funcs = []
for n in range(3):
    funcs.append(lambda x: x * n)
print("loop lambdas:", [f(10) for f in funcs])


def make_accumulator():
    history = []

    def add(value):
        history.append(value)
        return sum(history)

    add.history = history
    return add


acc = make_accumulator()
for v in (3, 4, 5):
    acc(v)
print("accumulator:", acc(0), acc.history)


def outer():
    x = "outer"

    def middle():
        def inner():
            nonlocal x
            x = x + "+inner"
            return x
        return inner
    f = middle()
    f()
    f()
    return x


print("nested nonlocal:", outer())


def memoize_with_stats(fn):
    cache = {}
    hits = misses = 0

    def wrapper(n):
        nonlocal hits, misses
        if n in cache:
            hits += 1
        else:
            misses += 1
            cache[n] = fn(n)
        return cache[n]

    def stats():
        return {"hits": hits, "misses": misses, "size": len(cache)}

    wrapper.stats = stats
    return wrapper


@memoize_with_stats
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print("fib(60):", fib(60), fib.stats())


def compose(*fns):
    def composed(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return composed


pipeline = compose(str.upper, lambda s: s[::-1], str.strip)
print("compose:", pipeline("  hello world "))


def shared_cell():
    value = 0

    def get():
        return value

    value = 42
    return get


print("cell sees later assignment:", shared_cell()())


def unbound():
    def inner():
        return y
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
    y = 1
    return inner()


print("unbound then bound:", unbound())
