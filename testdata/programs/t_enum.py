"""Enums for an order-state machine."""
import enum
from enum import Enum, IntEnum, Flag, IntFlag, auto, unique


@unique
class State(Enum):
    NEW = "new"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @property
    def terminal(self):
        return self in (State.DELIVERED, State.CANCELLED)

    def can_go(self, other):
        return other in TRANSITIONS.get(self, ())

    @classmethod
    def parse(cls, text):
        return cls(text.strip().lower())


TRANSITIONS = {
    State.NEW: (State.PAID, State.CANCELLED),
    State.PAID: (State.SHIPPED, State.CANCELLED),
    State.SHIPPED: (State.DELIVERED,),
}


class Priority(IntEnum):
    LOW = 1
    NORMAL = 2
    HIGH = 3


class Perm(Flag):
    READ = auto()
    WRITE = auto()
    EXEC = auto()
    RW = READ | WRITE


class Mode(IntFlag):
    R = 4
    W = 2
    X = 1


class Color(Enum):
    RED = 1
    CRIMSON = 1
    GREEN = 2

    def __str__(self):
        return self.name.lower()


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def gravity(self):
        return 6.673e-11 * self.mass / (self.radius ** 2)


class Weekday(Enum):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.title()

    MON = auto()
    TUE = auto()
    WED = auto()


state = State.NEW
for target in ["paid", "PAID", "shipped", " delivered ", "cancelled"]:
    nxt = State.parse(target)
    ok = state.can_go(nxt)
    print(f"{state.name:>9} -> {nxt.name:<9} {'ok' if ok else 'rejected'}")
    if ok:
        state = nxt
print("final:", state, repr(state), state.value, state.terminal)
print("members:", [s.name for s in State], len(State), State["PAID"], State("shipped"))
try:
    State("lost")
except ValueError as e:
    print("ValueError:", e)
try:
    State["LOST"]
except KeyError as e:
    print("KeyError:", e)
print("identity:", State.PAID is State("paid"), State.PAID == "paid", isinstance(State.PAID, State))
print("int enum:", Priority.HIGH > Priority.LOW, Priority.HIGH + 1, sorted([Priority.HIGH, Priority.LOW, 2]), int(Priority.NORMAL))
print("max priority:", max(Priority), Priority(2).name, f"{Priority.HIGH}", f"{Priority.HIGH!r}")
p = Perm.READ | Perm.EXEC
print("flags:", p, Perm.READ in p, Perm.WRITE in p, Perm.RW, Perm.RW.value, bool(Perm(0)), list(Perm))
print("intflag:", Mode.R | Mode.W, int(Mode.R | Mode.X), Mode(7), Mode.W & 3, repr(Mode(6)))
print("alias:", Color.CRIMSON is Color.RED, [c.name for c in Color], list(Color.__members__), str(Color.GREEN))
for planet in Planet:
    print(f"  {planet.name:<8} g={planet.gravity:.2f}")
print("custom auto:", [d.value for d in Weekday])
print("hashable:", {State.NEW: 1, State.PAID: 2}[State.PAID], sorted(State, key=lambda s: s.value)[0])
Dyn = Enum("Dyn", "ALPHA BETA GAMMA")
print("functional:", list(Dyn), Dyn.BETA.value, Dyn(3).name)
try:
    State.NEW = "x"
except AttributeError as e:
    print("AttributeError:", e)
try:
    class Dup(Enum):
        A = 1
        A = 2
except TypeError as e:
    print("TypeError:", e)
try:
    @unique
    class Dup2(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)
print("type names:", type(State.NEW).__name__, State.__name__, State.NEW.__class__.__qualname__)
