"""What a program sees of sys.excepthook when it runs compiled: the built-in
hook, untouched, and the uncaught exception printed by it (exit 1)."""
import sys

print("excepthook is __excepthook__:", sys.excepthook is sys.__excepthook__)
print("excepthook:", sys.excepthook)
print("builtin:", type(sys.excepthook).__name__, sys.excepthook.__module__)



def audit(event, args):
    # Program audit hooks see the uncaught exception reach the hook.
    if event == "sys.excepthook":
        print("audit:", event, args[0] is sys.__excepthook__, args[1].__name__, flush=True)


sys.addaudithook(audit)


def check(limit):
    if limit < 0:
        raise ValueError(f"limit {limit} is negative")
    return limit


print(check(2))
check(-1)
