"""pyaot_build: a PEP 517 build backend that compiles a project's packages
with pyaot into a platform wheel. Pure standard library.

    [build-system]
    requires = ["pyaot-build"]
    build-backend = "pyaot_build"

In: pyproject.toml's [project] (metadata) and [tool.pyaot] (project.py);
out: a wheel tagged for this interpreter (cp311-cp311-linux_x86_64) holding
one .so per top-level package and the package's data files (compiling.py),
an sdist of the project, or an editable wheel (a .pth naming the sources).
Errors (pyaot's `file:line:col: error:` messages among them) go to stderr
and fail the build with no file written. The pyaot binary is $PYAOT, else
the one on PATH. Also here: the setuptools step (setuptools.py) and the
installer of pyaot itself (install.py).
"""
import functools
import os
import sys
import tempfile

from . import archives, compiling, metadata, project

__version__ = "0.1.0"  # pyaot's (compiler/version.h)
GENERATOR = f"pyaot_build {__version__}"

# Not in an sdist: hidden files (version control), caches, build outputs
# and environments at the project's top.
SDIST_SKIPPED_TOP_DIRS = {"build", "dist", "venv"}
SDIST_SKIPPED_SUFFIXES = (".pyc", ".so", ".egg-info")


def reporting_errors(hook):
    """A BuildError ends the backend's process with its message, no traceback."""
    @functools.wraps(hook)
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except project.BuildError as error:
            print(f"pyaot_build: error: {error}", file=sys.stderr, flush=True)
            raise SystemExit(1) from None
    return run


def metadata_files(proj, tag, root_is_purelib):
    files = {"METADATA": metadata.core_metadata(proj),
             "WHEEL": metadata.wheel_file(tag, root_is_purelib, GENERATOR)}
    entry_points = metadata.entry_points(proj.metadata)
    if entry_points:
        files["entry_points.txt"] = entry_points
    return files


# ---- PEP 517 --------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []  # pyaot is a program found on PATH, not a Python requirement


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


@reporting_errors
def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    proj = project.load()
    return metadata.write_metadata_directory(
        proj, metadata_directory, metadata_files(proj, compiling.wheel_tag(), False))


@reporting_errors
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    compiling.check_interpreter()
    proj = project.load()
    config = proj.config
    tag = compiling.wheel_tag()
    wheel = archives.Wheel(
        os.path.join(wheel_directory, f"{proj.distribution}-{proj.version}-{tag}.whl"),
        proj.dist_info)
    with tempfile.TemporaryDirectory() as stage:
        for target in config.targets:
            compiling.build_target(target, stage, config.opt_level, config.exclude,
                                 config.ship_sources)
        wheel.add_tree(stage)
    wheel.write(metadata_files(proj, tag, False))
    return os.path.basename(wheel.path)


@reporting_errors
def build_sdist(sdist_directory, config_settings=None):
    proj = project.load()
    top = f"{proj.distribution}-{proj.version}"
    files = {}
    for parent, dirs, names in os.walk(proj.root):
        top_level = parent == proj.root
        dirs[:] = sorted(d for d in dirs if not (
            d.startswith(".") or d == "__pycache__" or d.endswith(SDIST_SKIPPED_SUFFIXES)
            or (top_level and d in SDIST_SKIPPED_TOP_DIRS)))
        for name in names:
            if not (name.startswith(".") or name.endswith(SDIST_SKIPPED_SUFFIXES)):
                path = os.path.join(parent, name)
                files[os.path.relpath(path, proj.root).replace(os.sep, "/")] = path
    path = os.path.join(sdist_directory, top + ".tar.gz")
    archives.write_sdist(path, top, files, metadata.core_metadata(proj))
    return os.path.basename(path)


# An editable install keeps the sources importable: a .pth names their root.
EDITABLE_TAG = "py3-none-any"


@reporting_errors
def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    proj = project.load()
    return metadata.write_metadata_directory(
        proj, metadata_directory, metadata_files(proj, EDITABLE_TAG, True))


@reporting_errors
def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    proj = project.load()
    wheel = archives.Wheel(os.path.join(
        wheel_directory, f"{proj.distribution}-{proj.version}-{EDITABLE_TAG}.whl"),
        proj.dist_info)
    wheel.add_bytes(f"__editable__.{proj.distribution}.pth",
                    (proj.config.source_root + "\n").encode())
    wheel.write(metadata_files(proj, EDITABLE_TAG, True))
    return os.path.basename(wheel.path)
