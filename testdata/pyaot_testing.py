"""What the Python-side tests share: run pyaot, run CPython, compare runs.

The differential rule: a program (a module or a package) is run from its
source under python3.11, then compiled, its source deleted, and run again
from the .so alone. Stdout, stderr (tracebacks included) and the exit status
must be identical.
"""
import difflib
import os
import shutil
import subprocess
import tempfile
import textwrap

PYTHON = os.environ.get("PYAOT_TEST_PYTHON", "/usr/bin/python3.11")
TIMEOUT = 120


def clean_env(pythonpath=None, **extra):
    """An environment that makes CPython runs deterministic and isolated."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    env.update(extra)
    return env


def run(argv, cwd=None, env=None, timeout=TIMEOUT, stdin=subprocess.DEVNULL):
    return subprocess.run(argv, cwd=cwd, env=env or clean_env(), timeout=timeout,
                          stdin=stdin, capture_output=True, text=True)


def run_python(code, pythonpath, cwd, python=PYTHON, **extra_env):
    return run([python, "-c", code], cwd=cwd, env=clean_env(pythonpath, **extra_env))


def pyaot(pyaot_path, *args, cwd=None):
    return run([os.path.abspath(pyaot_path), *args], cwd=cwd)


def scratch_dir():
    return tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))


def write_files(directory, files):
    """Writes {relative path: text (dedented)} below directory."""
    for rel, text in files.items():
        path = os.path.join(directory, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))


def copy_input(path, into):
    """Copies a module file or package directory (following runfile links)."""
    target = os.path.join(into, os.path.basename(path.rstrip("/")))
    if os.path.isdir(path):
        shutil.copytree(path, target, symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copyfile(path, target)
    return target


def diff_text(label, expected, actual):
    lines = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                 "source " + label, "compiled " + label)
    return "".join(lines)


class Outcome:
    def __init__(self, completed):
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.returncode = completed.returncode


def differential_run(pyaot_path, input_path, import_code=None, build_args=(),
                     compiled_env=None, python=PYTHON, so_suffix=".so"):
    """Returns (source Outcome, compiled Outcome, build CompletedProcess).
    compiled_env: extra environment for the compiled run only; python and
    so_suffix: another interpreter and the extension suffix it imports
    (".cpython-311d-x86_64-linux-gnu.so" for python3.11-dbg)."""
    name = os.path.basename(input_path.rstrip("/"))
    if name.endswith(".py"):
        name = name[:-3]
    code = import_code or f"import {name}"
    root = scratch_dir()
    src, out, cwd = (os.path.join(root, d) for d in ("src", "out", "cwd"))
    for d in (src, out, cwd):
        os.makedirs(d)
    copied = copy_input(input_path, src)
    expected = Outcome(run_python(code, src, cwd, python=python))
    built = pyaot(pyaot_path, "build", copied, "-o", os.path.join(out, name + so_suffix),
                  *build_args)
    # Only the .so is deployed: no source left on disk.
    shutil.rmtree(src)
    actual = (Outcome(run_python(code, out, cwd, python=python, **(compiled_env or {})))
              if built.returncode == 0 else None)
    shutil.rmtree(root, ignore_errors=True)
    return expected, actual, built
