"""Deployment pre-flight checks that abort with a SystemExit message (exit status 1)."""
import sys

CHECKS = []


def check(name):
    def register(fn):
        CHECKS.append((name, fn))
        return fn
    return register


@check("disk space")
def disk():
    free_gb = 120
    return free_gb > 10, f"{free_gb} GB free"


@check("config present")
def config():
    cfg = {"db": "postgres://db/app", "workers": 4}
    return "db" in cfg, f"{len(cfg)} keys"


@check("migrations")
def migrations():
    pending = ["0007_add_index", "0008_drop_column"]
    return not pending, f"{len(pending)} pending: {', '.join(pending)}"


@check("never run")
def never():
    return True, "unreachable"


def run_all():
    for name, fn in CHECKS:
        ok, detail = fn()
        print(f"[{'PASS' if ok else 'FAIL'}] {name}: {detail}")
        if not ok:
            print(f"aborting after {name}", file=sys.stderr)
            raise SystemExit(f"pre-flight failed: {name} ({detail})")


try:
    raise SystemExit(0)
except SystemExit as e:
    print("SystemExit is a BaseException:", isinstance(e, Exception), isinstance(e, BaseException), e.code)
run_all()
print("deploying...")
