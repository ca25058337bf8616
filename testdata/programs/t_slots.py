"""__slots__ for a memory-lean particle simulation."""


class Particle:
    __slots__ = ("x", "y", "vx", "vy")

    def __init__(self, x, y, vx=0.0, vy=0.0):
        self.x, self.y, self.vx, self.vy = x, y, vx, vy

    def step(self, dt):
        self.x += self.vx * dt
        self.y += self.vy * dt

    def __repr__(self):
        return f"Particle({self.x:.1f}, {self.y:.1f})"


class Charged(Particle):
    __slots__ = ("charge",)

    def __init__(self, x, y, charge, **kw):
        super().__init__(x, y, **kw)
        self.charge = charge


class Tagged(Particle):
    pass


class WithDict:
    __slots__ = ("a", "__dict__")


class WithWeak:
    __slots__ = ("v", "__weakref__")


class Defaults:
    __slots__ = ("value",)
    kind = "class attribute, not a slot"


ps = [Particle(0, 0, 1, 2), Particle(5, 5, -1, 0), Charged(1, 1, -1, vx=0.5)]
for _ in range(3):
    for p in ps:
        p.step(1.0)
print("positions:", ps)
print("charge:", ps[2].charge, isinstance(ps[2], Particle))
print("slots:", Particle.__slots__, Charged.__slots__, hasattr(ps[0], "__dict__"), hasattr(ps[2], "__dict__"))
try:
    ps[0].z = 1
except AttributeError as e:
    print("AttributeError:", e)
p = Particle(1, 2)
del p.vx
try:
    p.vx
except AttributeError as e:
    print("AttributeError:", e)
try:
    Particle.__new__(Particle).x
except AttributeError as e:
    print("AttributeError:", e)
t = Tagged(0, 0)
t.label = "free-form"
print("subclass without slots has dict:", vars(t))
w = WithDict()
w.a = 1
w.b = 2
print("slot + dict:", w.a, vars(w))
import weakref
ww = WithWeak()
ref = weakref.ref(ww)
print("weakref ok:", ref() is ww)
try:
    weakref.ref(Particle(0, 0))
except TypeError as e:
    print("TypeError:", e)
dflt = Defaults()
print("class attr:", dflt.kind)
try:
    dflt.kind = "x"
except AttributeError as e:
    print("AttributeError:", e)
print("descriptor type:", type(Particle.__dict__["x"]).__name__, Particle.x.__name__)
try:
    class Conflict:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)
energies = sorted(((p.vx ** 2 + p.vy ** 2) / 2, repr(p)) for p in ps)
print("energies:", energies)
print("getattr default:", getattr(p, "vx", "unset"), getattr(p, "vy"))
