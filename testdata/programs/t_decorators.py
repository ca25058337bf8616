"""Decorators: with arguments, stacked, functools.wraps, class decorators."""
import functools

CALLS = []
ROUTES = {}


def log_calls(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        CALLS.append(f"{fn.__name__}{args}")
        return fn(*args, **kwargs)
    return wrapper


def retry(times, exceptions=(ValueError,)):
    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, attempt=attempt, **kwargs)
                except exceptions as e:
                    CALLS.append(f"attempt {attempt} failed: {e}")
            raise RuntimeError(f"{fn.__name__} failed after {times} attempts")
        return wrapper
    return decorator


def route(path, method="GET"):
    def register(fn):
        ROUTES[(method, path)] = fn
        return fn
    return register


def bold(fn):
    def wrapper(*a):
        return f"<b>{fn(*a)}</b>"
    return wrapper


def italic(fn):
    @functools.wraps(fn)
    def wrapper(*a):
        return f"<i>{fn(*a)}</i>"
    return wrapper


@bold
@italic
def greet(name):
    """Return a greeting."""
    return f"hello {name}"


@route("/users")
@log_calls
def list_users():
    """List all users."""
    return ["ann", "bob"]


@route("/users", method="POST")
@log_calls
def create_user(name):
    return {"created": name}


@retry(3)
def flaky(x, attempt):
    if attempt < 3:
        raise ValueError(f"x={x} attempt={attempt}")
    return x * 10


@retry(2, exceptions=(KeyError,))
def always_fails(attempt):
    raise KeyError(attempt)


def singleton(cls):
    instances = {}

    @functools.wraps(cls, updated=())
    def get(*args):
        if cls not in instances:
            instances[cls] = cls(*args)
        return instances[cls]
    return get


def add_repr(cls):
    fields = cls.fields

    def __repr__(self):
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in fields)
        return f"{cls.__name__}({inner})"
    cls.__repr__ = __repr__
    return cls


@singleton
class Settings:
    def __init__(self, env):
        self.env = env


@add_repr
class Point:
    fields = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Counter:
    """Class-based decorator keeping state."""

    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.count = 0

    def __call__(self, *args):
        self.count += 1
        return self.fn(*args)


@Counter
def square(n):
    """Square a number."""
    return n * n


print(greet("world"), "| name:", greet.__name__)
print(ROUTES[("GET", "/users")](), ROUTES[("POST", "/users")]("cid"))
print("wrapped names:", list_users.__name__, list_users.__doc__, list_users.__wrapped__.__name__)
print("flaky:", flaky(7))
try:
    always_fails()
except RuntimeError as e:
    print("RuntimeError:", e)
print("calls:", CALLS)
s1, s2 = Settings("prod"), Settings("dev")
print("singleton:", s1 is s2, s1.env, Settings.__name__)
print(Point(1, "two"))
print([square(i) for i in range(5)], "count:", square.count, square.__doc__, square.__name__)
print("routes:", sorted(f"{m} {p} -> {f.__name__}" for (m, p), f in ROUTES.items()))


@functools.lru_cache(maxsize=None)
@log_calls
def slow_add(a, b):
    return a + b


CALLS.clear()
print(slow_add(1, 2), slow_add(1, 2), slow_add(2, 1), CALLS)
