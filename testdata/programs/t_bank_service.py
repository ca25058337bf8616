"""A small banking service: accounts, transactions, audit log, reports."""
import functools
from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_EVEN
from enum import Enum


class TxKind(Enum):
    DEPOSIT = "deposit"
    WITHDRAW = "withdraw"
    TRANSFER = "transfer"
    INTEREST = "interest"


class BankError(Exception):
    code = "E000"

    def __str__(self):
        return f"[{self.code}] {self.args[0]}"


class AccountNotFound(BankError):
    code = "E404"


class Overdraft(BankError):
    code = "E402"


class Frozen(BankError):
    code = "E423"


@dataclass(frozen=True)
class Tx:
    seq: int
    kind: TxKind
    account: str
    amount: Decimal
    memo: str = ""


@dataclass
class Account:
    number: str
    owner: str
    balance: Decimal = Decimal("0.00")
    overdraft_limit: Decimal = Decimal("0.00")
    frozen: bool = False
    history: list = field(default_factory=list, repr=False)


AUDIT = []


def audited(fn):
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            result = fn(self, *args, **kwargs)
        except BankError as e:
            AUDIT.append(f"FAIL {fn.__name__}{args}: {e}")
            raise
        AUDIT.append(f"OK   {fn.__name__}{args}")
        return result
    return wrapper


class Bank:
    def __init__(self, name):
        self.name = name
        self.accounts = {}
        self._seq = 0

    def open(self, number, owner, overdraft="0"):
        acct = Account(number, owner, overdraft_limit=Decimal(overdraft))
        self.accounts[number] = acct
        return acct

    def _get(self, number):
        try:
            acct = self.accounts[number]
        except KeyError:
            raise AccountNotFound(f"no account {number}") from None
        if acct.frozen:
            raise Frozen(f"account {number} is frozen")
        return acct

    def _record(self, kind, acct, amount, memo=""):
        self._seq += 1
        tx = Tx(self._seq, kind, acct.number, amount, memo)
        acct.history.append(tx)
        return tx

    @audited
    def deposit(self, number, amount):
        acct = self._get(number)
        amount = Decimal(amount)
        acct.balance += amount
        return self._record(TxKind.DEPOSIT, acct, amount)

    @audited
    def withdraw(self, number, amount):
        acct = self._get(number)
        amount = Decimal(amount)
        if acct.balance - amount < -acct.overdraft_limit:
            raise Overdraft(f"{number} cannot withdraw {amount} (balance {acct.balance})")
        acct.balance -= amount
        return self._record(TxKind.WITHDRAW, acct, -amount)

    @audited
    def transfer(self, src, dst, amount):
        self.withdraw(src, amount)
        try:
            self.deposit(dst, amount)
        except BankError:
            self.deposit(src, amount)
            raise
        return self._record(TxKind.TRANSFER, self.accounts[dst], Decimal(amount), f"from {src}")

    def apply_interest(self, rate):
        for acct in self.accounts.values():
            if acct.balance > 0 and not acct.frozen:
                interest = (acct.balance * Decimal(rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
                acct.balance += interest
                self._record(TxKind.INTEREST, acct, interest)

    def report(self):
        lines = [f"== {self.name} =="]
        for acct in sorted(self.accounts.values(), key=lambda a: (-a.balance, a.number)):
            flag = " (frozen)" if acct.frozen else ""
            lines.append(f"{acct.number:<6}{acct.owner:<8}{acct.balance:>10}{flag}  txs={len(acct.history)}")
        total = sum((a.balance for a in self.accounts.values()), Decimal("0"))
        lines.append(f"{'total':<14}{total:>10}")
        return "\n".join(lines)


bank = Bank("Pyaot Savings")
bank.open("A1", "ann")
bank.open("B2", "bob", overdraft="50")
bank.open("C3", "cid")
ops = [
    ("deposit", "A1", "100.00"), ("deposit", "B2", "20.50"), ("withdraw", "B2", "60"),
    ("withdraw", "B2", "20"), ("transfer", "A1", "C3", "33.33"), ("deposit", "Z9", "1"),
    ("withdraw", "C3", "0.33"),
]
for op, *args in ops:
    try:
        tx = getattr(bank, op)(*args)
        print(f"{op:<9}{args} -> tx#{tx.seq} {tx.kind.value} {tx.amount}")
    except BankError as e:
        print(f"{op:<9}{args} -> error {type(e).__name__}: {e}")
bank.accounts["C3"].frozen = True
try:
    bank.transfer("A1", "C3", "10")
except Frozen as e:
    print("transfer rolled back:", e, "| A1 balance:", bank.accounts["A1"].balance)
bank.apply_interest("0.015")
print(bank.report())
print("audit:")
for line in AUDIT:
    print("  ", line)
print("history A1:", [(t.seq, t.kind.name, str(t.amount)) for t in bank.accounts["A1"].history])
print(repr(bank.accounts["B2"]))
