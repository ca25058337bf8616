from . import ping


def alternate(n):
    return 0 if n == 0 else ping.alternate(n - 1) + 1


def count(n):
    return 0 if n == 0 else count(n - 1) + 1
