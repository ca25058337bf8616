# "Exception ignored in: ..." reports (the default sys.unraisablehook) show
# source lines and carets with only the .so deployed, as threading's
# "Exception in thread ..." ones do (t_tb_thread.py); the program's view of
# sys.unraisablehook, its audit hooks and sys.stderr are as for the source.
import gc
import io
import sys


def check(value):
    if value < 0:
        raise ValueError(f"value {value} is negative")
    return value


class Noisy:
    def __del__(self):
        print("a local of the failing frame dropped", file=sys.stderr, flush=True)


class Finaliser:
    """A __del__ that is no function, so the report names it without an
    address: "Exception ignored in: <finaliser>"."""
    calls = 0

    def __call__(self):
        Finaliser.calls += 1
        witness = Noisy()
        check(-Finaliser.calls)

    def __repr__(self):
        return "<finaliser>"


class Raising:
    __del__ = Finaliser()


class MissingKey:
    def __call__(self):
        {}["missing"]

    def __repr__(self):
        return "<missing key>"


class Cycle:
    __del__ = MissingKey()

    def __init__(self):
        self.me = self


def audit(event, args):
    if event == "sys.unraisablehook":
        print("audit:", event, args[0] is sys.__unraisablehook__, args[1].exc_type.__name__,
              flush=True)
        if isinstance(args[1].exc_value, KeyError):
            raise OSError("the audit hook refuses")


print("unraisablehook is __unraisablehook__:", sys.unraisablehook is sys.__unraisablehook__)
Raising()
print("after the first report", flush=True)
sys.addaudithook(audit)
Raising()
print("stderr still there:", sys.stderr is sys.__stderr__, flush=True)
print("io.open is open:", io.open is open)
print("to stderr", file=sys.stderr, flush=True)
Cycle()
gc.collect()
print("after the cycle", flush=True)


def hook(unraisable):
    print("program's hook:", unraisable.object, unraisable.exc_type.__name__)


sys.unraisablehook = hook
Raising()
sys.unraisablehook = sys.__unraisablehook__
Raising()
print("done")
