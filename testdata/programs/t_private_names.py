"""Private names (__x) inside classes are mangled as CPython's compiler does."""
import sys


class Account:
    __count = 0

    def __init__(self, owner):
        self.__owner = owner
        self.__history = []
        Account.__count += 1

    def __record(self, entry):
        self.__history.append(entry)
        return len(self.__history)

    def deposit(self, amount):
        __local = amount * 2
        return self.__record(("deposit", amount, __local))

    def owner(self):
        def inner():
            return self.__owner.upper()   # nested function: still mangled
        return inner(), (lambda: self.__owner)()

    def dunder(self):
        return self.__class__.__name__, self.__dict__.get("_Account__owner")

    def missing(self):
        return self.__nothing

    @classmethod
    def count(cls):
        return cls.__count


class _Under:
    def get(self):
        self.__v = 1
        return self.__dict__


class __:
    def get(self):
        self.__v = 2
        return self.__dict__


class Outer:
    class Inner:
        def get(self):
            self.__v = 3
            return self.__dict__

    def get(self):
        self.__w = 4
        return self.__dict__, self.Inner().get()


def module_level(obj):
    return obj._Account__owner


def with_import():
    class Holder:
        def load(self):
            import os.path as __p
            from os import sep as __s
            return __p.basename("/a/b"), __s
    return Holder().load()


a = Account("ann")
print(a.deposit(5), a.deposit(7), a.owner(), a.dunder(), Account.count(), module_level(a))
print(_Under().get(), __().get(), Outer().get(), with_import())
try:
    a.missing()
except AttributeError as e:
    print("AttributeError:", e)


class Vault:
    def open(self):
        return self.__combination_of_the_vault


Vault().open()
