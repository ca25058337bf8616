"""Class hierarchy for a small payroll system: inheritance, MRO, super()."""


class Registry:
    kinds = []

    def __init_subclass__(cls, kind=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.kind = kind or cls.__name__.lower()
        Registry.kinds.append(cls.kind)


class Person(Registry, kind="person"):
    population = 0

    def __init__(self, name):
        self.name = name
        Person.population += 1

    def describe(self):
        return f"{self.name} ({self.kind})"

    @classmethod
    def from_record(cls, record):
        name, *rest = record.split(",")
        return cls(name.strip(), *[r.strip() for r in rest])

    @staticmethod
    def normalize(name):
        return " ".join(part.capitalize() for part in name.split())


class Employee(Person, kind="employee"):
    def __init__(self, name, salary="0"):
        super().__init__(name)
        self.salary = int(salary)

    def describe(self):
        return super().describe() + f" earns {self.salary}"

    def pay(self):
        return self.salary


class Manager(Employee):
    bonus_rate = 0.1

    def __init__(self, name, salary="0", reports=()):
        super().__init__(name, salary)
        self.reports = list(reports)

    def pay(self):
        return int(super().pay() * (1 + self.bonus_rate))


class Contractor(Person, kind="contractor"):
    def __init__(self, name, rate="0", hours="0"):
        super().__init__(name)
        self.rate = int(rate)
        self.hours = int(hours)

    def pay(self):
        return self.rate * self.hours


class Loggable:
    def describe(self):
        return "[log] " + super().describe()


class AuditedManager(Loggable, Manager, kind="audited"):
    bonus_rate = 0.25


class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()


staff = [
    Employee.from_record("alice, 5000"),
    Manager.from_record("bob, 7000"),
    Contractor.from_record("carol, 50, 120"),
    AuditedManager("dave", "9000", reports=["alice"]),
]
for s in staff:
    print(s.describe(), "->", s.pay())
print("total payroll:", sum(s.pay() for s in staff))
print("population:", Person.population, Employee.population)
print("kinds:", Registry.kinds)
print("normalize:", Person.normalize("  mary   ann   smith "))
print("MRO D:", [k.__name__ for k in D.__mro__])
print("D().who():", D().who())
print("MRO AuditedManager:", [k.__name__ for k in AuditedManager.mro()])
print("isinstance:", isinstance(staff[3], Employee), issubclass(Contractor, Employee))
print("bonus rates:", Manager.bonus_rate, AuditedManager.bonus_rate, staff[3].bonus_rate)
Manager.bonus_rate = 0.5
print("after change:", staff[1].pay(), staff[3].pay())
print(type(staff[0]).__name__, type(staff[0]).__bases__[0].__name__)
try:
    class Bad(B, D):
        pass
except TypeError as e:
    print("TypeError:", e)
