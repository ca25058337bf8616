"""The package the --annotate tests build (annotate_test.py,
annotate_browser_test.py): a float loop, generic calls and a function
left to bytecode, each line found by its text."""
import os

import pyaot_testing as pt

FLOAT_LOOP = "x = x * scale + 1.25"
GENERIC_CALLS = "total = total + len(str(item)) + len(repr(item))"
FALLBACK_BODY = "yield 1"

PACKAGE = {
    "__init__.py": "from . import hot, quiet\n",
    "hot.py": f"""\
        def floats(n, scale):
            x = 0.0
            for i in range(n):
                {FLOAT_LOOP}
            return x


        def generic(items):
            total = 0
            for item in items:
                {GENERIC_CALLS}
            return total


        def bare_raise():
            {FALLBACK_BODY}
            raise
        """,
    "quiet.py": "X = 1\n",
}


def write_package(directory):
    """Writes the package as `pkg` below directory."""
    pt.write_files(os.path.join(directory, "pkg"), PACKAGE)
