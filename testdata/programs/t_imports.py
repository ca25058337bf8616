"""Import statements inside functions: plain, dotted, aliased, from-imports,
globals, a replaced builtins.__import__, and the errors."""
import builtins


def plain():
    import os.path
    import os.path as osp
    import json, sys
    from collections import OrderedDict as OD, deque
    return os.path.join("a", "b"), osp.basename("/x/y"), json.dumps([1]), OD.__name__, deque.__name__, sys.maxsize > 0


def global_import():
    global textwrap
    import textwrap
    return textwrap.dedent("  x")


def closure_import():
    import math

    def inner():
        return math.floor(2.5)
    return inner()


def missing_name():
    from os import nothing_here
    return nothing_here


def missing_module():
    import no_such_module_xyz
    return no_such_module_xyz


def hooked():
    seen = []
    original = builtins.__import__

    def hook(name, globals=None, locals=None, fromlist=None, level=0):
        if name in ("string", "itertools"):
            seen.append((name, fromlist, level, locals is None, globals is not None))
        return original(name, globals, locals, fromlist, level)
    builtins.__import__ = hook
    try:
        import string
        from itertools import chain
    finally:
        builtins.__import__ = original
    return seen, string.digits, chain.__name__


def circular_fallback():
    # A module whose attribute is missing but whose submodule is in sys.modules.
    import sys
    import types
    pkg = types.ModuleType("fakepkg")
    sub = types.ModuleType("fakepkg.sub")
    sys.modules["fakepkg"] = pkg
    sys.modules["fakepkg.sub"] = sub
    try:
        from fakepkg import sub as found
        return found is sub
    finally:
        del sys.modules["fakepkg"], sys.modules["fakepkg.sub"]


def no_location():
    import sys
    import types
    sys.modules["nolocation"] = types.ModuleType("nolocation")
    try:
        from nolocation import thing
    finally:
        del sys.modules["nolocation"]


print(plain())
print(global_import(), textwrap.__name__)
print(closure_import())
print(hooked())
print(circular_fallback())
for f in (missing_name, missing_module, no_location):
    try:
        f()
    except ImportError as e:
        print(type(e).__name__, e, e.name)
missing_name()
