"""Recursion: naive fib, Ackermann-like calls, binary trees built and walked recursively."""

DEFAULT_N = 27


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


class Node:
    __slots__ = ("left", "right", "value")

    def __init__(self, left, right, value):
        self.left = left
        self.right = right
        self.value = value


def build(depth, value):
    if depth == 0:
        return Node(None, None, value)
    return Node(build(depth - 1, 2 * value), build(depth - 1, 2 * value + 1), value)


def check(node):
    if node.left is None:
        return 1
    return 1 + check(node.left) + check(node.right)


def tree_sum(node, depth):
    if node is None:
        return 0
    return node.value * depth + tree_sum(node.left, depth + 1) + tree_sum(node.right, depth + 1)


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return 0
    c = hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    return c + 1 + hanoi(n - 1, via, dst, src, moves)


def permutations_count(items, k):
    if k == 0:
        return 1
    total = 0
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        total += permutations_count(rest, k - 1)
    return total


def run(n):
    f = fib(n)
    nodes = 0
    sums = 0
    for d in range(4, n - 10):
        t = build(d, 1)
        nodes += check(t)
        sums = (sums + tree_sum(t, 0)) % 1000000007
    moves = []
    h = hanoi(n - 8, "a", "c", "b", moves)
    p = permutations_count(list(range(8)), 6)
    return "%d|%d|%d|%d|%s|%d" % (f, nodes, sums, h, "".join(moves[-1]), p)
