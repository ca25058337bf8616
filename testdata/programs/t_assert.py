"""Invariant checks with assert in a tiny bank ledger; failing asserts are caught and printed."""
import traceback


class Ledger:
    def __init__(self):
        self.entries = []

    def post(self, debit, credit, amount):
        assert amount > 0, f"amount must be positive, got {amount}"
        assert debit != credit, "debit and credit accounts must differ"
        self.entries.append((debit, credit, amount))
        self._check()

    def balance(self, account):
        return sum(a for d, _, a in self.entries if d == account) - sum(a for _, c, a in self.entries if c == account)

    def _check(self):
        accounts = {e[0] for e in self.entries} | {e[1] for e in self.entries}
        total = sum(self.balance(a) for a in accounts)
        assert total == 0, "ledger out of balance"


ledger = Ledger()
ledger.post("cash", "revenue", 100)
ledger.post("rent", "cash", 40)
print("balances:", {a: ledger.balance(a) for a in ("cash", "revenue", "rent")})

for args in [("cash", "cash", 5), ("cash", "revenue", -3), ("cash", "revenue", 0)]:
    try:
        ledger.post(*args)
    except AssertionError as e:
        print("AssertionError:", e, "| args:", e.args)

try:
    assert isinstance(ledger.entries, tuple)
except AssertionError as e:
    print("bare assert message:", repr(str(e)), e.args)

try:
    assert len(ledger.entries) == 3, ("tuple message", len(ledger.entries))
except AssertionError as e:
    print("tuple message:", e.args[0])

value = 7
assert value == 7, "never fails"
assert [value], "non-empty list is truthy"
print("passing asserts are silent; __debug__ =", __debug__)


def check_sorted(xs):
    for a, b in zip(xs, xs[1:]):
        assert a <= b, f"{a} > {b}"
    return True


try:
    check_sorted([1, 2, 5, 3])
except AssertionError:
    tb = traceback.format_exc()
    lines = tb.strip().splitlines()
    print("traceback tail:", lines[-1])
    print("frames mention check_sorted:", any("check_sorted" in line for line in lines))

try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError:
    traceback.print_exc(limit=1, file=__import__("sys").stdout)
print("ledger entries:", ledger.entries)
