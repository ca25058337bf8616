"""Running pyaot: finding the binary, and laying out one compiled top-level
package in a directory as site-packages will hold it:

    NAME/__init__<EXT_SUFFIX>   the whole package, one .so (a module: NAME<EXT_SUFFIX>)
    NAME/.../data files         at their package paths (pyaot --data-dir)
    NAME/....py                 only with ship_sources

Shared by the PEP 517 backend and the setuptools step."""
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from .project import BuildError

PYAOT_ENV = "PYAOT"  # the pyaot binary to use, over the one on PATH


def find_pyaot():
    chosen = os.environ.get(PYAOT_ENV)
    if chosen:
        if not os.access(chosen, os.X_OK):
            raise BuildError(f"{PYAOT_ENV}={chosen} is not an executable")
        return chosen
    found = shutil.which("pyaot")
    if found is None:
        raise BuildError("pyaot is not on PATH: install it (bash scripts/install.sh in a pyaot "
                         f"checkout) or set {PYAOT_ENV}=/path/to/pyaot")
    return found


def check_interpreter():
    """pyaot builds for the CPython 3.11 that runs this build."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        raise BuildError(f"pyaot compiles for CPython 3.11, not {sys.implementation.name} "
                         f"{sys.version.split()[0]} ({sys.executable})")


def is_debug_interpreter():
    return hasattr(sys, "gettotalrefcount")


def wheel_tag():
    """This interpreter's tag: cp311-cp311-linux_x86_64 (cp311d for python3.11-dbg)."""
    version = sysconfig.get_config_var("py_version_nodot")
    abi = f"cp{version}" + ("d" if is_debug_interpreter() else "")
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"cp{version}-{abi}-{platform}"


def extension_suffix():
    return sysconfig.get_config_var("EXT_SUFFIX")


def build_target(target, into, opt_level=2, exclude=(), ship_sources=False, pyaot=None):
    """Compiles target (project.Target) into directory `into`, laid out as in
    the header. pyaot's diagnostics go to stderr; a failed build raises
    BuildError and writes no .so."""
    check_interpreter()
    pyaot = pyaot or find_pyaot()
    name = target.import_name
    package_dir = os.path.join(into, name)
    if target.is_package:
        os.makedirs(package_dir, exist_ok=True)
        output = os.path.join(package_dir, "__init__" + extension_suffix())
    else:
        output = os.path.join(into, name + extension_suffix())
    with tempfile.TemporaryDirectory() as scratch:
        depfile = os.path.join(scratch, "deps.d")
        command = [pyaot, "build", target.source, "-o", output, "--module-name", name,
                   f"-O{opt_level}", "--depfile", depfile]
        if target.is_package:
            command += ["--data-dir", into]
        for pattern in exclude:
            command += ["--exclude", pattern]
        if is_debug_interpreter():
            command.append("--debug-python")
        print("pyaot_build:", " ".join(command), file=sys.stderr, flush=True)
        completed = subprocess.run(command, stdin=subprocess.DEVNULL)
        if completed.returncode != 0:
            raise BuildError(f"pyaot failed (exit status {completed.returncode}) compiling "
                             f"{target.source}; see its messages above")
        with open(depfile, encoding="utf-8") as f:
            sources = read_depfile(f.read())
    for path in sources if ship_sources else ():
        if path.endswith(".py"):
            copy = (os.path.join(package_dir, os.path.relpath(path, target.source))
                    if target.is_package else os.path.join(into, name + ".py"))
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copyfile(path, copy)
    if target.is_package and not ship_sources:
        # .py files copied as data files (not modules of the .so), or put there by a tool
        for parent, _, files in os.walk(package_dir):
            for file in files:
                if file.endswith(".py"):
                    os.unlink(os.path.join(parent, file))


def read_depfile(text):
    """The prerequisites of a make depfile as pyaot writes it."""
    words, word, i = [], "", 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in " #":
            word += text[i + 1]
            i += 2
            continue
        if c == "\\" and i + 1 < len(text) and text[i + 1] == "\n":
            c, i = " ", i + 1
        elif c == "$" and text[i + 1:i + 2] == "$":
            i += 1
        if c in " \n":
            if word:
                words.append(word)
            word = ""
        else:
            word += c
        i += 1
    if word:
        words.append(word)
    return words[1:]  # words[0] is "OUTPUT:"
