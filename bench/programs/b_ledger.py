"""Method-heavy OO: a bank ledger with accounts, properties, transfers and statements."""

DEFAULT_N = 250000


class InsufficientFunds(Exception):
    pass


class Money:
    __slots__ = ("cents",)

    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __sub__(self, other):
        return Money(self.cents - other.cents)

    def __lt__(self, other):
        return self.cents < other.cents

    def __repr__(self):
        return "%d.%02d" % divmod(self.cents, 100)


class Account:
    def __init__(self, number, owner, limit):
        self.number = number
        self.owner = owner
        self._balance = Money(0)
        self._limit = Money(limit)
        self.history = []

    @property
    def balance(self):
        return self._balance

    @property
    def available(self):
        return self._balance + self._limit

    def deposit(self, amount):
        self._balance = self._balance + amount
        self.history.append(("D", amount.cents))

    def withdraw(self, amount):
        if self.available < amount:
            raise InsufficientFunds(self.number)
        self._balance = self._balance - amount
        self.history.append(("W", amount.cents))


class SavingsAccount(Account):
    def __init__(self, number, owner, rate):
        super().__init__(number, owner, 0)
        self.rate = rate

    def add_interest(self):
        interest = self._balance.cents * self.rate // 10000
        if interest > 0:
            self.deposit(Money(interest))


class Ledger:
    def __init__(self):
        self.accounts = {}
        self.failed = 0
        self.moved = 0

    def open(self, account):
        self.accounts[account.number] = account
        return account

    def get(self, number):
        return self.accounts[number]

    def transfer(self, src, dst, cents):
        a = self.get(src)
        b = self.get(dst)
        amount = Money(cents)
        try:
            a.withdraw(amount)
        except InsufficientFunds:
            self.failed += 1
            return False
        b.deposit(amount)
        self.moved += cents
        return True

    def total(self):
        t = Money(0)
        for acc in self.accounts.values():
            t = t + acc.balance
        return t


def run(n):
    ledger = Ledger()
    n_acc = 50
    for k in range(n_acc):
        if k % 3 == 0:
            acc = ledger.open(SavingsAccount(k, "owner%d" % k, 25 + k))
        else:
            acc = ledger.open(Account(k, "owner%d" % k, 5000))
        acc.deposit(Money(10000 + 137 * k))
    seed = 12345
    for step in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        src = seed % n_acc
        dst = (seed >> 8) % n_acc
        cents = (seed >> 4) % 9000
        if src != dst:
            ledger.transfer(src, dst, cents)
        if step % 1000 == 999:
            for acc in ledger.accounts.values():
                if isinstance(acc, SavingsAccount):
                    acc.add_interest()
    hist = 0
    for acc in ledger.accounts.values():
        hist += len(acc.history)
    return "%r|%d|%d|%d" % (ledger.total(), ledger.failed, ledger.moved, hist)
