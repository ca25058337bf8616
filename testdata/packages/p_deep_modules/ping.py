from . import pong


def alternate(n):
    return 0 if n == 0 else pong.alternate(n - 1) + 1


def dive(k, n):
    # Deep enough in ping to leave the thread's stack, then pong alone.
    return pong.count(n) if k == 0 else dive(k - 1, n) + 0
