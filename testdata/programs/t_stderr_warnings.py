"""Mixing stdout, stderr and the warnings module in a config migration tool."""
import sys
import warnings


class ConfigDeprecation(DeprecationWarning):
    pass


class ConfigWarning(UserWarning):
    pass


OLD_KEYS = {"hostname": "host", "portnum": "port", "dbg": "debug"}


def migrate(cfg):
    new = {}
    for key, value in cfg.items():
        if key in OLD_KEYS:
            warnings.warn(f"config key {key!r} is deprecated, use {OLD_KEYS[key]!r}", ConfigWarning, stacklevel=2)
            key = OLD_KEYS[key]
        new[key] = value
    return new


def legacy_api():
    warnings.warn("legacy_api() will be removed", ConfigDeprecation)
    return 42


print("step 1: migrating", flush=True)
cfg = migrate({"hostname": "db.local", "port": 5432, "dbg": True})
print("migrated:", cfg, flush=True)
print("progress: 50%", file=sys.stderr, flush=True)
sys.stderr.write("raw stderr write\n")
sys.stderr.flush()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    migrate({"hostname": "a"})
    migrate({"hostname": "b"})
    legacy_api()
print("caught:", [(w.category.__name__, str(w.message)) for w in caught])

with warnings.catch_warnings():
    warnings.simplefilter("error", ConfigWarning)
    try:
        migrate({"portnum": 1})
    except ConfigWarning as e:
        print("warning raised as error:", e)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    print("ignored:", migrate({"dbg": False}))

print("default DeprecationWarning outside __main__ is hidden:", legacy_api())
print("step 2: repeated warnings are shown once per location", flush=True)
for i in range(3):
    migrate({"portnum": i})
warnings.warn("plain user warning at module level")
print("to stdout explicitly", file=sys.stdout)
print("error summary", 3, "problems", sep=" | ", file=sys.stderr)
print("done", flush=True)
