"""A project as pyproject.toml describes it: its metadata ([project]) and
what pyaot compiles ([tool.pyaot]), with setuptools' package discovery
(src/ or flat layout) when [tool.pyaot] names no packages."""
import dataclasses
import fnmatch
import os
import re
import tomllib


class BuildError(Exception):
    """A build that cannot go on; the message says why, for the user."""


# setuptools' flat-layout discovery leaves these out (FlatLayoutPackageFinder
# and FlatLayoutModuleFinder's defaults).
FLAT_LAYOUT_NOT_PACKAGES = (
    "ci", "bin", "debian", "doc", "docs", "documentation", "manpages", "news",
    "newsfragments", "changelog", "test", "tests", "unit_test", "unit_tests", "example",
    "examples", "scripts", "tools", "util", "utils", "python", "build", "dist", "venv", "env",
    "requirements", "tasks", "fabfile", "site_scons", "benchmark", "benchmarks", "exercise",
    "exercises", "htmlcov", "[._]*")
FLAT_LAYOUT_NOT_MODULES = (
    "setup", "conftest", "test", "tests", "example", "examples", "build", "toolbox", "toolkit",
    "tasks", "fabfile", "site_scons", "benchmark", "benchmarks", "exercise", "exercises",
    "noxfile", "pavement", "dodo", "manage", "[._]*")

TOOL_KEYS = {"packages", "source-dir", "module-names", "opt-level", "exclude", "ship-sources"}


@dataclasses.dataclass
class Target:
    """One top-level package (a directory) or module (a .py) that becomes one .so."""
    source: str       # absolute path
    import_name: str  # the name it is imported as

    @property
    def is_package(self):
        return os.path.isdir(self.source)


@dataclasses.dataclass
class Config:
    root: str          # the project directory
    source_root: str   # where the top-level packages are: root or root/src
    targets: list
    opt_level: int = 2
    exclude: list = dataclasses.field(default_factory=list)  # patterns below source_root
    ship_sources: bool = False


@dataclasses.dataclass
class Project:
    root: str
    metadata: dict  # the [project] table
    config: Config

    @property
    def name(self):
        return self.metadata["name"]

    @property
    def version(self):
        return self.metadata["version"]

    @property
    def distribution(self):
        """The name as wheel and sdist file names spell it."""
        return re.sub(r"[-_.]+", "_", self.name).lower()

    @property
    def dist_info(self):
        return f"{self.distribution}-{self.version}.dist-info"


def load(root="."):
    root = os.path.abspath(root)
    path = os.path.join(root, "pyproject.toml")
    try:
        with open(path, "rb") as f:
            document = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise BuildError(f"{path}: {error}") from None
    metadata = document.get("project")
    if not isinstance(metadata, dict):
        raise BuildError(f"{path}: no [project] table")
    for key in ("name", "version"):
        if not isinstance(metadata.get(key), str):
            raise BuildError(f"{path}: [project] needs a '{key}' string")
    if metadata.get("dynamic"):
        raise BuildError(f"{path}: [project] dynamic fields are not supported by pyaot_build: "
                         + ", ".join(metadata["dynamic"]))
    tool = document.get("tool", {}).get("pyaot", {})
    return Project(root, metadata, read_config(root, tool, path))


def read_config(root, tool, path):
    unknown = sorted(set(tool) - TOOL_KEYS)
    if unknown:
        raise BuildError(f"{path}: unknown [tool.pyaot] keys: {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(TOOL_KEYS))})")
    source_dir = tool.get("source-dir")
    if source_dir is None:
        source_dir = "src" if os.path.isdir(os.path.join(root, "src")) else "."
    source_root = os.path.normpath(os.path.join(root, source_dir))
    opt_level = tool.get("opt-level", 2)
    if opt_level not in (0, 1, 2, 3):
        raise BuildError(f"{path}: [tool.pyaot] opt-level must be 0, 1, 2 or 3")
    names = tool.get("packages") or discover(source_root, path)
    module_names = tool.get("module-names", {})
    targets = []
    for name in names:
        source = os.path.join(source_root, name)
        if not os.path.isfile(os.path.join(source, "__init__.py")):
            source += ".py"
            if not os.path.isfile(source):
                raise BuildError(f"{path}: [tool.pyaot] packages: no package or module "
                                 f"'{name}' in {source_root}")
        targets.append(Target(source, module_names.get(name, name)))
    return Config(root, source_root, targets, opt_level, list(tool.get("exclude", [])),
                  bool(tool.get("ship-sources", False)))


def discover(source_root, path):
    """Top-level packages and modules, as setuptools finds them."""
    flat = os.path.basename(source_root) != "src"
    found = []
    for entry in sorted(os.listdir(source_root)):
        full = os.path.join(source_root, entry)
        if os.path.isfile(os.path.join(full, "__init__.py")) and entry.isidentifier():
            if not (flat and matches_any(entry, FLAT_LAYOUT_NOT_PACKAGES)):
                found.append(entry)
        elif entry.endswith(".py") and os.path.isfile(full) and entry[:-3].isidentifier():
            if not (flat and matches_any(entry[:-3], FLAT_LAYOUT_NOT_MODULES)):
                found.append(entry[:-3])
    if not found:
        raise BuildError(f"{path}: no package or module found in {source_root}; "
                         "name them in [tool.pyaot] packages")
    if flat and len(found) > 1:
        raise BuildError(f"{path}: several top-level packages or modules in a flat layout "
                         f"({', '.join(found)}); name those to compile in [tool.pyaot] packages")
    return found


def matches_any(name, patterns):
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
