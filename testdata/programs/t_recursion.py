"""Recursive algorithms: permutations, n-queens, flood fill, Ackermann, JSON-like walk."""
import sys


def permutations(items):
    if len(items) <= 1:
        return [items[:]]
    out = []
    for i, x in enumerate(items):
        for rest in permutations(items[:i] + items[i + 1:]):
            out.append([x] + rest)
    return out


def queens(n, row=0, cols=(), diag1=(), diag2=()):
    if row == n:
        return [cols]
    solutions = []
    for c in range(n):
        if c in cols or row + c in diag1 or row - c in diag2:
            continue
        solutions += queens(n, row + 1, cols + (c,), diag1 + (row + c,), diag2 + (row - c,))
    return solutions


def flood(grid, r, c, old, new):
    if not (0 <= r < len(grid) and 0 <= c < len(grid[0])) or grid[r][c] != old:
        return 0
    grid[r][c] = new
    return 1 + sum(flood(grid, r + dr, c + dc, old, new) for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)))


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def depth(obj):
    if isinstance(obj, dict):
        return 1 + max((depth(v) for v in obj.values()), default=0)
    if isinstance(obj, list):
        return 1 + max((depth(v) for v in obj), default=0)
    return 0


def flatten(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from flatten(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from flatten(v, f"{prefix}[{i}]")
    else:
        yield prefix, obj


def hanoi(n, src, dst, via, moves):
    if n:
        hanoi(n - 1, src, via, dst, moves)
        moves.append((n, src, dst))
        hanoi(n - 1, via, dst, src, moves)
    return moves


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    merged = []
    while left and right:
        merged.append((left if left[0] <= right[0] else right).pop(0))
    return merged + left + right


print("perms:", ["".join(p) for p in permutations(list("abc"))])
sols = queens(6)
print("6-queens:", len(sols), sols[0], "8-queens:", len(queens(8)))
grid = [list(row) for row in ["..#..", ".##..", "#...#", "..#.."]]
print("filled:", flood(grid, 0, 0, ".", "o"), ["".join(r) for r in grid])
print("ackermann(2,3):", ackermann(2, 3), "ackermann(3,3):", ackermann(3, 3))
doc = {"a": {"b": [1, {"c": 2}], "d": 3}, "e": []}
print("depth:", depth(doc), "flatten:", list(flatten(doc)))
print("hanoi(4) moves:", len(hanoi(4, "A", "C", "B", [])), hanoi(2, "A", "C", "B", []))
print("mutual:", is_even(10), is_odd(7), is_even(7))
print("merge sort:", merge_sort([5, 2, 9, 1, 5, 6, 0, -3]))
print("limit default:", sys.getrecursionlimit())


def runaway(n):
    return runaway(n + 1) + 1


try:
    runaway(0)
except RecursionError as e:
    print("RecursionError:", e)
nested = []
cur = nested
for _ in range(50):
    nxt = []
    cur.append(nxt)
    cur = nxt
print("deep nesting depth:", depth(nested))
self_ref = [1]
self_ref.append(self_ref)
print("recursive repr:", self_ref, {"k": self_ref})
