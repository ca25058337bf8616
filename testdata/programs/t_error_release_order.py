"""When an op fails, the temporaries it leaves are released newest first, as
the interpreter pops its value stack: finalizers run in the source's order."""


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("released", self.name)


def boom(*args):
    raise ValueError("boom")


def take(*args):
    return len(args)


def nested_call():
    try:
        take(Noisy("a"), Noisy("b"), take(Noisy("c"), Noisy("d"), boom()))
    except ValueError as e:
        print("caught", e)


def in_a_list():
    try:
        return [Noisy("x"), Noisy("y"), Noisy("z"), boom()]
    except ValueError as e:
        print("caught", e)


def binary_op():
    try:
        return (Noisy("p"), Noisy("q")) + boom()
    except ValueError as e:
        print("caught", e)


nested_call()
in_a_list()
binary_op()
take(Noisy("m"), Noisy("n"), boom())
