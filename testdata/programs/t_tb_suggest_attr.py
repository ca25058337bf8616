"""An uncaught AttributeError whose message carries CPython's "Did you mean"
suggestion, raised through a method and a property (exit 1)."""


class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance

    @property
    def summary(self):
        return f"{self.owner}: {self.balance}"

    def deposit(self, amount):
        self.balance += amount
        return self.balanse


acct = Account("ada", 10)
print(acct.summary)
try:
    acct.ownr
except AttributeError as e:
    # str() of the exception has no suggestion; only the printed traceback does.
    print("caught:", e, "| name:", e.name, "| obj is acct:", e.obj is acct)
acct.deposit(5)
