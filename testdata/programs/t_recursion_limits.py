# Runaway recursion raises RecursionError at the depth the source reaches,
# through functions, methods, lambdas, closures, generators, __getattr__,
# __eq__ and builtins, under low and high recursion limits. The limits are
# set relative to the depth this module already runs at (the import
# machinery under it differs between a source module and an extension
# module), so each runaway starts with the same headroom in both. Each is
# run a few times first: until a call site is specialized, the interpreter
# calls builtins through a path that counts one more level.
import sys
import threading

reached = [0]


def plain(n):
    reached[0] = n
    return plain(n + 1) + 1


class Node:
    def down(self, n):
        reached[0] = n
        return self.down(n + 1)

    @classmethod
    def klass(cls, n):
        reached[0] = n
        return cls.klass(n + 1)

    @staticmethod
    def static(n):
        reached[0] = n
        return Node.static(n + 1)


lam = lambda n: reached.__setitem__(0, n) or lam(n + 1)


def with_cells(n):
    def again():
        reached[0] = n
        return with_cells(n + 1)
    return again()


def keywords(n, *, step=1, **extra):
    reached[0] = n
    return keywords(n + step, step=step, **extra)


def gen(n):
    reached[0] = n
    yield from gen(n + 1)


def gen_next(n):
    reached[0] = n
    yield next(gen_next(n + 1))


class Lookup:
    def __getattr__(self, name):
        reached[0] += 1
        return self.missing


class Same:
    def __eq__(self, other):
        reached[0] += 1
        return self == other


class Sized:
    def __len__(self):  # through len(), a METH_O builtin
        reached[0] += 1
        return len(self)


class Hashed:
    def __hash__(self):  # through dict.get, a METH_FASTCALL method
        reached[0] += 1
        return {}.get(self, 0)


class Contained:
    def __hash__(self):  # through dict.__contains__, a METH_O method
        reached[0] += 1
        return int(self in {})


def through_getattr_builtin(n):  # getattr(), a METH_FASTCALL builtin
    reached[0] = n
    return getattr(sys.modules[__name__], "through_getattr_builtin")(n + 1)


appended = []


def appending(n):  # list.append, called at the deepest level too
    appended.append(n)
    reached[0] = n
    return appending(n + 1)


def comprehension(n):
    reached[0] = n
    return [comprehension(n + 1) for _ in (1,)]


def measure(run):
    reached[0] = 0
    try:
        run()
    except RecursionError as e:
        return reached[0], str(e)
    return "no RecursionError"


KINDS = [
    ("plain", lambda: plain(0)),
    ("method", lambda: Node().down(0)),
    ("classmethod", lambda: Node.klass(0)),
    ("staticmethod", lambda: Node.static(0)),
    ("lambda", lambda: lam(0)),
    ("closure", lambda: with_cells(0)),
    ("keywords", lambda: keywords(0, step=1, tag="x")),
    ("yield from", lambda: next(gen(0))),
    ("next in generator", lambda: next(gen_next(0))),
    ("__getattr__", lambda: Lookup().anything),
    ("__eq__", lambda: Same() == Same()),
    ("comprehension", lambda: comprehension(0)),
    ("len", lambda: len(Sized())),
    ("dict.get", lambda: hash(Hashed())),
    ("dict.__contains__", lambda: hash(Contained())),
    ("getattr", lambda: through_getattr_builtin(0)),
    ("list.append", lambda: appending(0)),
]

# How much of the limit is in use here: a runaway with a known limit.
sys.setrecursionlimit(1000)
in_use = 1000 - measure(lambda: plain(0))[0]
for name, run in KINDS * 10:
    measure(run)
for headroom in (60, 300, 2000):
    sys.setrecursionlimit(in_use + headroom)
    for name, run in KINDS:
        print(headroom, name, measure(run))

# High limits: the source's Python-to-Python calls use no C stack, so it
# recurses this deep (a call with **kwargs recurses in C: not here); native
# calls must not run out of stack first (in the main thread, and in a
# thread with a smaller stack).
PURE_PYTHON = ["plain", "method", "classmethod", "staticmethod", "closure",
               "comprehension", "list.append"]
sys.setrecursionlimit(in_use + 60000)
for name, run in KINDS:
    if name in PURE_PYTHON:
        print("60000", name, measure(run))


def countdown(n):
    return 0 if n == 0 else 1 + countdown(n - 1)


def in_thread(results):
    results.append(countdown(30000))
    results.append(measure(lambda: plain(0)))


threading.stack_size(1 << 20)
results = []
thread = threading.Thread(target=in_thread, args=(results,))
thread.start()
thread.join()
print("thread with a 1 MiB stack:", results[0], results[1][0] > 30000, results[1][1])
sys.setrecursionlimit(1000)

# Recursion that stays under the limit still returns normally.
print("countdown:", countdown(900))
