"""Loops with else/break/continue, chained comparisons, short-circuiting, conditional expressions."""


def find_first_prime_factor(n):
    for d in range(2, int(n ** 0.5) + 1):
        if n % d == 0:
            break
    else:
        return None
    return d


print("first factors:", {n: find_first_prime_factor(n) for n in (15, 17, 49, 97, 1001)})

inventory = [("apple", 3), ("pear", 0), ("plum", 7), ("fig", 0), ("kiwi", 2)]
picked = []
for name, qty in inventory:
    if qty == 0:
        continue
    if name == "kiwi":
        break
    picked.append(name)
else:
    picked.append("<reached end>")
print("picked:", picked)

n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
    if steps > 1000:
        break
else:
    print("collatz converged in", steps, "steps")

attempts = 0
while attempts < 3:
    attempts += 1
    if attempts == 10:
        break
else:
    print("while-else ran after", attempts, "attempts")

for outer in range(3):
    for inner in range(3):
        if inner > outer:
            break
        if (outer + inner) % 2:
            continue
        print(f"  pair ({outer},{inner})")

x = 5
print("chained:", 1 < x < 10, 1 < x > 3, 10 > x >= 5 > 2, 1 == 1.0 < 2, 3 < x < 4)
calls = []


def val(v, label):
    calls.append(label)
    return v


print("chain evaluates middle once:", val(1, "a") < val(5, "b") < val(3, "c") < val(9, "d"), calls)
calls.clear()
print("short and:", val(0, "x") and val(1, "y"), calls)
calls.clear()
print("short or:", val("", "p") or val([], "q") or val("hit", "r") or val("never", "s"), calls)
print("and/or values:", 0 or "default", [] and "unused", "a" and "b", None or 0 or "", not [], not not "x")
print("mixed precedence:", True or False and False, (True or False) and False, not 1 == 2)
for score in (95, 85, 70, 40):
    grade = "A" if score >= 90 else "B" if score >= 80 else "C" if score >= 60 else "F"
    print(f"  {score} -> {grade}")
print("ternary in call:", max(3, 7) if x else min(3, 7), [("even" if i % 2 == 0 else "odd") for i in range(3)])

total = 0
i = 0
while True:
    i += 1
    if i % 3 == 0:
        continue
    if i > 10:
        break
    total += i
print("while True total:", total)
for _ in []:
    print("never")
else:
    print("for-else on empty iterable")
result = []
for i in range(5):
    try:
        if i == 2:
            continue
        if i == 4:
            break
        result.append(i)
    finally:
        result.append(f"f{i}")
print("continue/break through finally:", result)
print("is/is not:", None is None, [] is not [], "x" in "xyz" not in "abc")
print("comparisons of sequences:", [1, 2] < [1, 2, 0], (1, "b") > (1, "a"), "abc" < "abd", [3] > [2, 99])
print("identity vs equality:", [1] == [1], (a := [1]) is a)
count = 0
for count, ch in enumerate("hello", 1):
    pass
print("loop var after loop:", count, ch)


# ---- a condition's truth test that raises: the traceback points where
# CPython leaves the position (the statement, or the last comparison) ----
import sys
import traceback


class Unbool:
    def __bool__(self):
        raise ValueError("no truth value")


def after_comparison(a, b):
    if a < 1 and b:
        return "if"
    return "no"


def in_conditional_arms(a, b, c):
    while (a if b else c) and b:
        return "while"
    return "no"


def arms_after_comparison(a, b, c):
    return "yes" if (a if b > 0 else c) or a == 2 else "no"


def assert_after_not_comparison(a, b):
    assert not a < 1 and b, "message"
    return "passed"


def assert_in_arms(a, b, c):
    assert (a < 1 if b else c > 2) and b, "message"


for f, args in ((after_comparison, (0, Unbool())), (in_conditional_arms, (Unbool(), 1, 0)),
                (arms_after_comparison, (Unbool(), 1, 0)), (assert_after_not_comparison, (5, Unbool())),
                (assert_after_not_comparison, (5, 0)), (assert_in_arms, (0, Unbool(), 0)),
                (assert_in_arms, (5, 1, 0))):
    try:
        print(f.__name__, f(*args))
    except (ValueError, AssertionError):
        traceback.print_exc(file=sys.stdout)
