"""The package loader: what an importer expects of modules served by the .so
(DESIGN §1), checked against the .so alone with no source on disk."""
import os
import shutil
import sys
import textwrap
import unittest

import pyaot_testing as pt

PYAOT = None

FILES = {
    "__init__.py": '''\
        """Top of the app."""
        import sys
        COUNT = getattr(sys, "_app_init_count", 0) + 1
        sys._app_init_count = COUNT
        from .core import engine
        ''',
    "core/__init__.py": "",
    "core/engine.py": '''\
        import sys
        class Engine:
            def __init__(self, power):
                self.power = power
            def run(self):
                return self.power * 2
        def fail():
            raise ValueError("engine failure")
        if __name__ == "__main__":
            print("engine as main", Engine(21).run())
        ''',
}

# A second .so in the same process: one module, built on its own.
HELPER = """\
def call(function):
    return function()
"""


class LoaderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = pt.scratch_dir()
        src = os.path.join(cls.root, "src", "app")
        pt.write_files(src, FILES)
        cls.out = os.path.join(cls.root, "out")
        cls.nosrc_out = os.path.join(cls.root, "nosrc")
        os.makedirs(cls.out)
        os.makedirs(cls.nosrc_out)
        cls.sources = {rel: open(os.path.join(src, rel)).read() for rel in FILES}
        cls.src_paths = {rel: os.path.join(src, rel) for rel in FILES}
        for out, extra in ((cls.out, ()), (cls.nosrc_out, ("--no-source",))):
            built = pt.pyaot(PYAOT, "build", src, "-o", os.path.join(out, "app.so"), *extra)
            assert built.returncode == 0, built.stderr
        cls.helper_path = os.path.join(cls.root, "src", "helper.py")
        with open(cls.helper_path, "w") as f:
            f.write(HELPER)
        built = pt.pyaot(PYAOT, "build", cls.helper_path, "-o", os.path.join(cls.out, "helper.so"))
        assert built.returncode == 0, built.stderr
        shutil.rmtree(os.path.join(cls.root, "src"))  # only the .so remains
        cls.so = os.path.join(cls.out, "app.so")

    def python(self, code, out=None):
        result = pt.run_python(textwrap.dedent(code), out or self.out, self.root)
        return result

    def check(self, code, out=None):
        result = self.python(code, out)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_module_attributes(self):
        stdout = self.check('''
            import app, app.core, app.core.engine as e
            print(app.__name__, app.__package__, app.__spec__.name, app.__spec__.parent)
            print(app.core.__package__, e.__package__, e.__spec__.parent)
            print(app.__file__, e.__file__, e.__spec__.origin)
            print(app.__path__, app.core.__path__, hasattr(e, "__path__"))
            print(app.__doc__, e.__doc__)
            print(app.__loader__ is app.__spec__.loader is e.__loader__)
            print(app.__spec__.has_location, e.__spec__.submodule_search_locations)
            ''')
        out = self.out
        self.assertEqual(stdout.splitlines(), [
            "app app app app",
            "app.core app.core app.core",
            f"{out}/app/__init__.so {out}/app/core/engine.so {out}/app/core/engine.so",
            f"[{self.out + '/app'!r}] [{self.out + '/app/core'!r}] False",
            "Top of the app. None",
            "True",
            "True None",
        ])

    def test_loader_serves_source_and_code(self):
        stdout = self.check('''
            import app, inspect
            from app.core import engine
            loader = app.__loader__
            print(repr(loader.get_source("app.core.engine")))
            print(loader.is_package("app"), loader.is_package("app.core.engine"))
            print(loader.get_filename("app.core") == app.core.__file__, type(loader).__module__,
                  loader.__module__)
            print(loader.get_code("app.core.engine").co_filename)
            print(inspect.getsource(engine.Engine.run), end="")
            try:
                loader.get_source("app.nothing")
            except ImportError as error:
                print("ImportError", error.name)
            ''')
        lines = stdout.splitlines()
        self.assertEqual(eval(lines[0]), self.sources["core/engine.py"])
        self.assertEqual(lines[1], "True False")
        self.assertEqual(lines[2], "True pyaot pyaot")
        lines = lines[:2] + lines[3:]
        self.assertEqual(lines[2], self.src_paths["core/engine.py"])
        self.assertEqual(lines[3:6], ["    def run(self):", "        return self.power * 2",
                                      "ImportError app.nothing"])

    def test_import_forms_and_reload(self):
        stdout = self.check('''
            import importlib, importlib.util, sys
            import app
            print(app.COUNT)
            sub = importlib.import_module("app.core.engine")
            print(sub is sys.modules["app.core.engine"], sub.Engine(2).run())
            print(importlib.import_module(".core", "app").__name__)
            from app.core import engine
            print(engine is sub)
            importlib.reload(app)
            print(app.COUNT)
            old = sub.Engine
            importlib.reload(sub)
            print(sub.Engine is not old)
            print(importlib.util.find_spec("app.core").loader is app.__loader__)
            ''')
        self.assertEqual(stdout.splitlines(), ["1", "True 4", "app.core", "True", "2", "True",
                                               "True"])

    def test_pickle_by_qualified_name(self):
        stdout = self.check('''
            import pickle
            from app.core.engine import Engine
            e = pickle.loads(pickle.dumps(Engine(5)))
            print(type(e).__module__, type(e).__qualname__, e.run())
            ''')
        self.assertEqual(stdout, "app.core.engine Engine 10\n")

    def test_run_submodule_with_dash_m(self):
        result = pt.run([pt.PYTHON, "-m", "app.core.engine"], cwd=self.root,
                        env=pt.clean_env(self.out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "engine as main 42\n")

    def test_traceback_shows_source_lines_from_the_so(self):
        result = self.python("import app.core.engine as e\ne.fail()\n")
        self.assertEqual(result.returncode, 1)
        path = self.src_paths["core/engine.py"]
        self.assertIn(f'  File "{path}", line 8, in fail\n'
                      '    raise ValueError("engine failure")\n', result.stderr)

    def test_traceback_shows_source_lines_of_two_sos(self):
        result = self.python("import app.core.engine as e, helper\nhelper.call(e.fail)\n")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f'  File "{self.helper_path}", line 2, in call\n'
                      '    return function()\n', result.stderr)
        path = self.src_paths["core/engine.py"]
        self.assertIn(f'  File "{path}", line 8, in fail\n'
                      '    raise ValueError("engine failure")\n', result.stderr)

    def test_builtin_excepthook_stays_and_prints_suggestions(self):
        result = self.python("import sys, app.core.engine as e\n"
                             "print(sys.excepthook is sys.__excepthook__)\n"
                             "e.Engine(1).powr\n")
        self.assertEqual(result.stdout, "True\n")
        self.assertTrue(result.stderr.endswith(
            "AttributeError: 'Engine' object has no attribute 'powr'. Did you mean: 'power'?\n"),
            result.stderr)

    def test_no_source_build_has_positions_but_no_text(self):
        result = self.python("import app.core.engine as e\ne.fail()\n", self.nosrc_out)
        path = self.src_paths["core/engine.py"]
        self.assertIn(f'  File "{path}", line 8, in fail\nValueError: engine failure\n',
                      result.stderr)
        stdout = self.check("import app; print(app.__loader__.get_source('app'))", self.nosrc_out)
        self.assertEqual(stdout, "None\n")
        source_line = b'raise ValueError("engine failure")'
        with open(os.path.join(self.nosrc_out, "app.so"), "rb") as f:
            self.assertFalse(source_line in f.read(), "--no-source embedded the source")
        with open(self.so, "rb") as f:
            self.assertTrue(source_line in f.read(), "the source is not embedded")

    def test_excepthook_left_alone_when_the_program_sets_one(self):
        stdout = self.check('''
            import sys
            hook = lambda *a: None
            sys.excepthook = hook
            import app.core.engine
            print(sys.excepthook is hook)
            ''')
        self.assertEqual(stdout, "True\n")


# Data files beside the modules of a nested subpackage, read in the three
# ways packages read them.
DATA_FILES = {
    "__init__.py": "",
    "geo/__init__.py": '''\
        import importlib.resources
        def regions():
            return importlib.resources.files(__package__).joinpath("regions.txt").read_text()
        ''',
    "geo/cities.py": '''\
        import os, pkgutil
        def cities():
            with open(os.path.join(os.path.dirname(__file__), "cities.csv")) as f:
                return f.read()
        def codes():
            return pkgutil.get_data(__package__, "tables/codes.txt").decode()
        ''',
    "geo/regions.txt": "north south\n",
    "geo/cities.csv": "paris,rome\n",
    "geo/tables/codes.txt": "FR IT\n",
}

LOOKUPS = '''
import atlas, atlas.geo, atlas.geo.cities as cities
print(atlas.__file__)
print(atlas.geo.__file__)
print(cities.__file__ == cities.__spec__.origin, cities.__file__)
print(atlas.geo.regions() + cities.cities() + cities.codes(), end="")
'''


class DataFileTest(unittest.TestCase):
    """--data-dir puts data files at their package paths, for a .so beside
    the package directory (atlas.so) or inside it (atlas/__init__.so, as a
    wheel installs it); __file__ names a compiled module in that directory."""

    @classmethod
    def setUpClass(cls):
        cls.root = pt.scratch_dir()
        src = os.path.join(cls.root, "src", "atlas")
        pt.write_files(src, DATA_FILES)
        cls.beside = os.path.join(cls.root, "beside")
        cls.inside = os.path.join(cls.root, "inside")
        os.makedirs(os.path.join(cls.inside, "atlas"))
        os.makedirs(cls.beside)
        for out, so in ((cls.beside, "atlas.so"), (cls.inside, "atlas/__init__.so")):
            built = pt.pyaot(PYAOT, "build", src, "-o", os.path.join(out, so), "--module-name",
                             "atlas", "--data-dir", out)
            assert built.returncode == 0, built.stderr
        shutil.rmtree(os.path.join(cls.root, "src"))

    def lookups(self, out):
        result = pt.run_python(LOOKUPS, out, self.root)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.splitlines()

    def test_so_beside_the_package_directory(self):
        out = self.beside
        self.assertEqual(self.lookups(out), [
            f"{out}/atlas/__init__.so", f"{out}/atlas/geo/__init__.so",
            f"True {out}/atlas/geo/cities.so", "north south", "paris,rome", "FR IT"])

    def test_so_inside_the_package_directory(self):
        out = self.inside
        self.assertEqual(self.lookups(out), [
            f"{out}/atlas/__init__.so", f"{out}/atlas/geo/__init__.so",
            f"True {out}/atlas/geo/cities.so", "north south", "paris,rome", "FR IT"])

    def test_missing_data_file_is_file_not_found(self):
        result = pt.run_python("import pkgutil, atlas.geo\n"
                               "pkgutil.get_data('atlas.geo', 'nothing.txt')\n",
                               self.beside, self.root)
        self.assertIn("FileNotFoundError: [Errno 2] No such file or directory: "
                      f"'{self.beside}/atlas/geo/nothing.txt'", result.stderr)


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
