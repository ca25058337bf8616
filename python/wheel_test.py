"""Wheels with the real tools: pyaot and pyaot_build installed into a prefix
(pyaot_build.install), then examples/atlas (the PEP 517 backend) and
examples/shapes (the setuptools step) built by `pip wheel` and
`python -m build` (no network, no build isolation), checked (RECORD,
`wheel unpack`), installed by pip into a fresh venv, run from the .so, and
uninstalled without a trace."""
import base64
import csv
import hashlib
import io
import os
import shutil
import sys
import sysconfig
import textwrap
import unittest
import zipfile

import pyaot_build
import pyaot_testing as pt

PYAOT = None
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")
TAG = "cp311-cp311-linux_x86_64"
ROOT = None    # scratch directory shared by the tests
PREFIX = None  # where pyaot is installed
VENV = None    # a fresh venv the wheels are installed into


def env(**extra):
    site = os.path.join(PREFIX, "lib", "python3.11", "site-packages")
    return pt.clean_env(site, PATH=f"{PREFIX}/bin:/usr/bin:/bin", HOME=ROOT,
                        PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)


def run(argv, cwd, **extra):
    return pt.run(argv, cwd=cwd, env=env(**extra), timeout=600)


def setUpModule():
    global ROOT, PREFIX, VENV
    ROOT = pt.scratch_dir()
    PREFIX = os.path.join(ROOT, "prefix")
    installed = pt.run([pt.PYTHON, "-m", "pyaot_build.install", "--pyaot",
                        os.path.abspath(PYAOT), "--prefix", PREFIX],
                       env=pt.clean_env(os.path.abspath("python")))
    assert installed.returncode == 0, installed.stderr
    VENV = os.path.join(ROOT, "venv")
    created = pt.run([pt.PYTHON, "-m", "venv", VENV], timeout=600)
    assert created.returncode == 0, created.stderr


def copy_project(example):
    return pt.copy_input(os.path.join("examples", example), pt.scratch_dir())


def write_project(name, version, files, tool_options=""):
    """A project built by pyaot_build: pyproject.toml and `files`."""
    pyproject = textwrap.dedent(f"""\
        [build-system]
        requires = ["pyaot-build"]
        build-backend = "pyaot_build"
        [project]
        name = "{name}"
        version = "{version}"
        [tool.pyaot]
        """) + textwrap.dedent(tool_options)
    root = pt.scratch_dir()
    pt.write_files(root, {"pyproject.toml": pyproject, **files})
    return root


def pip_wheel(project, out):
    return run([pt.PYTHON, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
                "--no-index", "-w", out, "."], project)


def build_wheel(project, out):
    return run([pt.PYTHON, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, "."],
               project)


def only_wheel(out):
    wheels = [f for f in os.listdir(out) if f.endswith(".whl")]
    assert len(wheels) == 1, wheels
    return os.path.join(out, wheels[0])


def venv_tree():
    return sorted(os.path.relpath(os.path.join(d, f), VENV)
                  for d, dirs, files in os.walk(VENV) for f in dirs + files)


class WheelChecks(unittest.TestCase):
    def assertValidWheel(self, wheel, dist_info):
        """RECORD lists every file with its hash and size, itself without."""
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            record = archive.read(f"{dist_info}/RECORD").decode()
            rows = list(csv.reader(io.StringIO(record)))
            self.assertEqual(sorted(r[0] for r in rows), sorted(names))
            for path, digest, size in rows:
                if path == f"{dist_info}/RECORD":
                    self.assertEqual((digest, size), ("", ""))
                    continue
                data = archive.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
                self.assertEqual((digest, size), ("sha256=" + expected.decode(), str(len(data))),
                                 path)
            wheel_file = archive.read(f"{dist_info}/WHEEL").decode()
        self.assertIn("Root-Is-Purelib: false\n", wheel_file)
        self.assertIn(f"Tag: {TAG}\n", wheel_file)
        unpacked = pt.run([pt.PYTHON, "-m", "wheel", "unpack", "-d", pt.scratch_dir(), wheel])
        self.assertEqual(unpacked.returncode, 0, unpacked.stderr)  # it checks the hashes too
        return names

    def assertInstallsRunsAndUninstalls(self, wheel, distribution, script, expected_output,
                                        import_check):
        before = venv_tree()
        python = os.path.join(VENV, "bin", "python")
        installed = run([python, "-m", "pip", "install", "--no-index", wheel], ROOT)
        self.assertEqual(installed.returncode, 0, installed.stderr)
        elsewhere = pt.scratch_dir()
        ran = run([os.path.join(VENV, "bin", script)], elsewhere)
        self.assertEqual((ran.returncode, ran.stdout), (0, expected_output), ran.stderr)
        checked = run([python, "-c", import_check], elsewhere)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertEqual(checked.stdout, "True\n")
        removed = run([python, "-m", "pip", "uninstall", "-y", distribution], ROOT)
        self.assertEqual(removed.returncode, 0, removed.stderr)
        self.assertEqual(venv_tree(), before)


ATLAS_OUTPUT = """\
3 cities in 2 regions: Lyon, Porto, Turin
FR France
IT Italy
PT Portugal
compiled: True
"""

# From the .so inside the package directory; data files beside the modules.
ATLAS_IMPORT_CHECK = f"""
import os, sys, atlas, atlas.geo.cities as cities
site = os.path.join(sys.prefix, "lib", "python3.11", "site-packages")
print(atlas.__file__ == os.path.join(site, "atlas", "__init__{EXT_SUFFIX}")
      and os.path.isfile(atlas.__file__)
      and cities.__file__ == os.path.join(site, "atlas", "geo", "cities{EXT_SUFFIX}")
      and type(atlas.__loader__).__name__ == "PackageImporter"
      and not any(f.endswith(".py") for d, _, fs in os.walk(os.path.dirname(atlas.__file__))
                  for f in fs))
"""


class BackendTest(WheelChecks):
    @classmethod
    def setUpClass(cls):
        cls.project = copy_project("atlas")
        cls.pip_out, cls.build_out = pt.scratch_dir(), pt.scratch_dir()
        cls.pip_run = pip_wheel(cls.project, cls.pip_out)
        cls.build_run = build_wheel(cls.project, cls.build_out)

    def test_pyaot_installed_runs_from_anywhere(self):
        version = run(["pyaot", "--version"], pt.scratch_dir())
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertTrue(version.stdout.startswith(f"pyaot {pyaot_build.__version__} "),
                        version.stdout)

    def test_pip_wheel_and_build_write_the_same_wheel(self):
        self.assertEqual(self.pip_run.returncode, 0, self.pip_run.stderr)
        self.assertEqual(self.build_run.returncode, 0, self.build_run.stderr)
        pip_wheel_path, build_wheel_path = only_wheel(self.pip_out), only_wheel(self.build_out)
        self.assertEqual(os.path.basename(pip_wheel_path),
                         f"pyaot_atlas-0.1.0-{TAG}.whl")
        with open(pip_wheel_path, "rb") as a, open(build_wheel_path, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_wheel_holds_the_so_and_data_files_only(self):
        self.assertEqual(self.pip_run.returncode, 0, self.pip_run.stderr)
        wheel = only_wheel(self.pip_out)
        names = self.assertValidWheel(wheel, "pyaot_atlas-0.1.0.dist-info")
        self.assertEqual(names, [
            f"atlas/__init__{EXT_SUFFIX}", "atlas/geo/cities.csv", "atlas/geo/regions.txt",
            "atlas/geo/tables/codes.txt", "pyaot_atlas-0.1.0.dist-info/METADATA",
            "pyaot_atlas-0.1.0.dist-info/WHEEL", "pyaot_atlas-0.1.0.dist-info/entry_points.txt",
            "pyaot_atlas-0.1.0.dist-info/RECORD"])
        with zipfile.ZipFile(wheel) as archive:
            metadata = archive.read("pyaot_atlas-0.1.0.dist-info/METADATA").decode()
            entry_points = archive.read("pyaot_atlas-0.1.0.dist-info/entry_points.txt").decode()
        for line in ("Metadata-Version: 2.1", "Name: pyaot-atlas", "Version: 0.1.0",
                     "Summary: Cities and regions, compiled by pyaot", "License: MIT",
                     "Author-email: pyaot developers <dev@pyaot.invalid>",
                     "Requires-Python: >=3.11,<3.12", "Description-Content-Type: text/markdown"):
            self.assertIn(line + "\n", metadata)
        self.assertTrue(metadata.endswith("\n\n# atlas\n\nCities and regions read from data "
                                          "files inside the package, compiled by\npyaot into "
                                          "one `.so`. Run `atlas` after installing the wheel.\n"))
        self.assertEqual(entry_points, "[console_scripts]\natlas = atlas:main\n")

    def test_installed_wheel_runs_from_the_so_and_uninstalls(self):
        self.assertEqual(self.pip_run.returncode, 0, self.pip_run.stderr)
        self.assertInstallsRunsAndUninstalls(only_wheel(self.pip_out), "pyaot-atlas", "atlas",
                                             ATLAS_OUTPUT, ATLAS_IMPORT_CHECK)

    def test_sdist_builds_a_wheel(self):
        out = pt.scratch_dir()
        built = run([pt.PYTHON, "-m", "build", "--sdist", "--no-isolation", "--outdir", out, "."],
                    self.project)
        self.assertEqual(built.returncode, 0, built.stderr)
        sdist = os.path.join(out, "pyaot_atlas-0.1.0.tar.gz")
        listed = pt.run([pt.PYTHON, "-m", "tarfile", "-l", sdist])
        for name in ("PKG-INFO", "pyproject.toml", "README.md", "src/atlas/geo/cities.py",
                     "src/atlas/geo/tables/codes.txt", "src/atlas/tests/test_summary.py"):
            self.assertIn(f"pyaot_atlas-0.1.0/{name}", listed.stdout.split())
        wheels = pt.scratch_dir()
        from_sdist = run([pt.PYTHON, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
                          "--no-index", "-w", wheels, sdist], ROOT)
        self.assertEqual(from_sdist.returncode, 0, from_sdist.stderr)
        self.assertEqual(os.path.basename(only_wheel(wheels)), f"pyaot_atlas-0.1.0-{TAG}.whl")

    def test_editable_install_imports_the_sources(self):
        before = venv_tree()
        python = os.path.join(VENV, "bin", "python")
        installed = run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index",
                         "-e", self.project], ROOT)
        self.assertEqual(installed.returncode, 0, installed.stderr)
        checked = run([python, "-c", "import atlas; print(atlas.__file__)"], pt.scratch_dir())
        self.assertEqual(checked.stdout, os.path.join(self.project, "src", "atlas",
                                                      "__init__.py\n"), checked.stderr)
        removed = run([python, "-m", "pip", "uninstall", "-y", "pyaot-atlas"], ROOT)
        self.assertEqual(removed.returncode, 0, removed.stderr)
        self.assertEqual(venv_tree(), before)

    def test_flat_layout_renamed_with_sources_shipped_imports_the_so(self):
        project = write_project("flat", "2.0", {
            "flat/__init__.py": "from .core import where\n",
            "flat/core.py": "def where():\n    return __file__\n",
            "tests/test_flat.py": "",
            "setup.py": "",
        }, """\
            ship-sources = true
            opt-level = 1
            module-names = {flat = "flatter"}
            """)
        out = pt.scratch_dir()
        built = build_wheel(project, out)
        self.assertEqual(built.returncode, 0, built.stderr)
        self.assertIn(" -O1 ", built.stdout + built.stderr)
        wheel = only_wheel(out)
        names = self.assertValidWheel(wheel, "flat-2.0.dist-info")
        self.assertEqual(names[:3], [f"flatter/__init__{EXT_SUFFIX}", "flatter/__init__.py",
                                     "flatter/core.py"])
        python = os.path.join(VENV, "bin", "python")
        installed = run([python, "-m", "pip", "install", "--no-index", wheel], ROOT)
        self.assertEqual(installed.returncode, 0, installed.stderr)
        checked = run([python, "-c", "import flatter; print(flatter.where())"],
                      pt.scratch_dir())
        self.assertTrue(checked.stdout.endswith(f"/flatter/core{EXT_SUFFIX}\n"),
                        checked.stdout + checked.stderr)
        run([python, "-m", "pip", "uninstall", "-y", "flat"], ROOT)

    def test_syntax_error_fails_the_build_with_pyaots_message(self):
        project = write_project("broken", "1.0", {
            "src/broken/__init__.py": "from . import bad\n",
            "src/broken/bad.py": "def f(:\n    pass\n",
        })
        bad = os.path.join(project, "src", "broken", "bad.py")
        for builder in (pip_wheel, build_wheel):
            out = pt.scratch_dir()
            failed = builder(project, out)
            self.assertNotEqual(failed.returncode, 0)
            self.assertIn(f"{bad}:1:7: error: ", failed.stdout + failed.stderr)
            self.assertIn("pyaot_build: error: pyaot failed (exit status 1)",
                          failed.stdout + failed.stderr)
            self.assertEqual(os.listdir(out), [], builder.__name__)

    def test_pyaot_named_by_the_environment(self):
        failed = run([pt.PYTHON, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
                      "--no-index", "-w", pt.scratch_dir(), "."], self.project,
                     PYAOT="/nonexistent/pyaot")
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("pyaot_build: error: PYAOT=/nonexistent/pyaot is not an executable",
                      failed.stdout + failed.stderr)


SHAPES_OUTPUT = "square 4 square metres\ntriangle 6 square metres\ncompiled: True\n"
SHAPES_IMPORT_CHECK = f"""
import os, sys, shapes, shapes.polygons.area as area
site = os.path.join(sys.prefix, "lib", "python3.11", "site-packages")
print(shapes.__file__ == os.path.join(site, "shapes", "__init__{EXT_SUFFIX}")
      and area.__file__ == os.path.join(site, "shapes", "polygons", "area{EXT_SUFFIX}"))
"""


class SetuptoolsTest(WheelChecks):
    def test_pip_wheel_and_build(self):
        for builder in (pip_wheel, build_wheel):
            project = copy_project("shapes")
            out = pt.scratch_dir()
            built = builder(project, out)
            self.assertEqual(built.returncode, 0, built.stderr)
            wheel = only_wheel(out)
            self.assertEqual(os.path.basename(wheel), f"pyaot_shapes-0.1.0-{TAG}.whl")
            names = self.assertValidWheel(wheel, "pyaot_shapes-0.1.0.dist-info")
            package_files = [n for n in names if n.startswith("shapes/")]
            self.assertEqual(sorted(package_files), [f"shapes/__init__{EXT_SUFFIX}",
                                                     "shapes/polygons/units.json"])
            self.assertInstallsRunsAndUninstalls(wheel, "pyaot-shapes", "shapes", SHAPES_OUTPUT,
                                                 SHAPES_IMPORT_CHECK)

    def test_syntax_error_fails_the_build_with_pyaots_message(self):
        project = pt.scratch_dir()
        pt.write_files(project, {
            "setup.py": """\
                from setuptools import setup
                from pyaot_build.setuptools import PyaotPackage, build_ext
                setup(name="broken", version="1.0", packages=["broken"],
                      ext_modules=[PyaotPackage("broken")], cmdclass={"build_ext": build_ext})
                """,
            "broken/__init__.py": "x = (1,\n",
        })
        out = pt.scratch_dir()
        failed = pip_wheel(project, out)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn(os.path.join(project, "broken", "__init__.py") + ":1:5: error: ",
                      failed.stdout + failed.stderr)
        self.assertIn("error: pyaot failed (exit status 1)", failed.stdout + failed.stderr)
        self.assertEqual(os.listdir(out), [])


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
