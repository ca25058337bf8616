"""Bank transfer with explicit exception chaining (raise ... from ...)."""


class InsufficientFunds(Exception):
    pass


class TransferFailed(Exception):
    pass


class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner} has {self.balance}, needs {amount}")
        self.balance -= amount

    def deposit(self, amount):
        self.balance += amount

    def __repr__(self):
        return f"Account({self.owner!r}, {self.balance})"


def transfer(src, dst, amount):
    try:
        src.withdraw(amount)
    except InsufficientFunds as e:
        raise TransferFailed(f"transfer {src.owner}->{dst.owner} of {amount} failed") from e
    dst.deposit(amount)


def run_batch(accounts, batch):
    for src, dst, amount in batch:
        transfer(accounts[src], accounts[dst], amount)
        print("ok:", src, "->", dst, amount, sorted(accounts.values(), key=lambda a: a.owner))


accounts = {n: Account(n, b) for n, b in [("ann", 100), ("bob", 50), ("cid", 0)]}
try:
    run_batch(accounts, [("ann", "bob", 30), ("cid", "ann", 5)])
except TransferFailed as e:
    print("batch 1 failed:", e, "| cause:", e.__cause__)

run_batch(accounts, [("bob", "cid", 80), ("cid", "ann", 200)])
