"""Scoping: global, nonlocal, del, class scope, shadowing builtins."""

counter = 0
registry = {}


def bump(n=1):
    global counter
    counter += n
    return counter


def register(name):
    registry[name] = len(registry)


def define_global():
    global late_defined
    late_defined = "created inside function"


def read_only():
    return counter * 2


def shadow_local():
    counter = "local"
    return counter


for _ in range(3):
    bump()
bump(10)
register("a")
register("b")
define_global()
print("counter:", counter, read_only(), shadow_local(), counter)
print("registry:", registry, late_defined)


def unbound_local():
    try:
        print(counter)
        counter = 5
    except UnboundLocalError as e:
        return f"UnboundLocalError: {e}"


print(unbound_local())


def bank():
    balance = 0
    history = []

    def deposit(x):
        nonlocal balance
        balance += x
        history.append(("dep", x))

    def withdraw(x):
        nonlocal balance
        if x > balance:
            history.append(("denied", x))
            return False
        balance -= x
        history.append(("wd", x))
        return True

    def report():
        return balance, list(history)

    return deposit, withdraw, report


dep, wd, rep = bank()
dep(100)
wd(30)
wd(500)
print("bank:", rep())

x = "global x"


class Scoped:
    x = "class x"
    y = x + " (seen in class body)"

    def method(self):
        return x

    def method_attr(self):
        return self.x


print(Scoped.y, "|", Scoped().method(), "|", Scoped().method_attr())

data = {"a": 1, "b": 2, "c": 3}
items = [1, 2, 3, 4, 5]
del data["b"]
del items[1::2]
temp = "will be deleted"
del temp
try:
    temp
except NameError as e:
    print("NameError:", e)
print("after del:", data, items)


class Obj:
    pass


o = Obj()
o.attr = 1
o.other = 2
del o.attr
print("attrs:", sorted(vars(o)))
try:
    del o.attr
except AttributeError as e:
    print("AttributeError:", e)

a, b, c = 1, 2, 3
del a, (b, c)
print("deleted tuple targets:", [n for n in ("a", "b", "c") if n in globals()])

len = lambda s: 99
print("shadowed len:", len("abc"))
del len
print("builtin len back:", len("abc"))


def outer():
    v = 1

    def middle():
        v = 2

        def inner():
            nonlocal v
            v += 10
            return v
        inner()
        return v
    return middle(), v


print("nonlocal binds nearest:", outer())


def deleter():
    value = [1, 2]
    del value
    try:
        return value
    except UnboundLocalError as e:
        return f"UnboundLocalError: {e}"


print(deleter())
print("globals has counter:", "counter" in globals(), sorted(k for k in globals() if k.startswith("reg")))
