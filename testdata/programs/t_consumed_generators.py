"""sum/any/all/list/tuple over generators: native loops resume the
generator; results, errors, tracebacks and how far the generator ran are
the builtin's."""
import builtins
import inspect
import sys
import traceback


def numbers(n, log=None):
    for i in range(n):
        if log is not None:
            log.append(i)
        yield i


def mixed():
    yield 1
    yield 2.5
    yield True
    yield -0.0


def failing(n):
    for i in range(n):
        yield i
    raise ValueError(f"failed after {n}")


def leaks_stop_iteration():
    yield 1
    raise StopIteration("inside")


def main():
    print(sum(numbers(10)), sum(x * x for x in range(5)), sum(mixed()))
    print(sum(x for x in [2 ** 62, 2 ** 62, 2 ** 62]))  # past a C long
    print(list(numbers(4)), tuple(numbers(3)), list(x for x in ()), tuple(x for x in ""))
    log = []
    found = any(numbers(10, log))          # 0 is false, 1 decides
    print(found, log)
    log = []
    gen = numbers(10, log)
    print(all(x < 3 for x in gen), log, inspect.getgeneratorstate(gen))
    stopped = numbers(10)
    print(any(x > 4 for x in stopped), inspect.getgeneratorstate(stopped), next(stopped))
    print(any(x for x in ()), all(x for x in ()))
    exhausted = numbers(2)
    list(exhausted)
    print(sum(exhausted), list(exhausted))
    print(sum(x for x in [0.1] * 10) == sum([0.1] * 10))
    print(sum(c for c in "ab" if False), list(c.upper() for c in "abc"))

    for body in ("error", "pep479", "add", "truth"):
        try:
            if body == "error":
                sum(failing(3))
            elif body == "pep479":
                list(leaks_stop_iteration())
            elif body == "add":
                sum(x for x in ["a", "b"])
            else:
                class NoTruth:
                    def __bool__(self):
                        raise TypeError("no truth")
                any(NoTruth() for _ in range(2))
        except Exception:
            traceback.print_exc(file=sys.stdout)



def rebound():
    """Names rebound: the call is whatever the name is now."""
    def sum(values):  # noqa: shadows the builtin
        return "shadowed sum"
    print(sum(numbers(3)))
    saved = builtins.list
    builtins.list = lambda values: "patched list"
    try:
        print(list(numbers(3)))
    finally:
        builtins.list = saved
    print(list(numbers(2)))


main()
rebound()
