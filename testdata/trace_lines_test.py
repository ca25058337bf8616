"""`pyaot build --trace-lines`: native code reports line events to
sys.settrace tracers as the interpreter does. Checked with real tracers,
source against compiled: coverage.py's line coverage of each testdata
package, a pdb session driven by its commands on stdin, and the events a
plain tracer records. The sources stay on disk (coverage and pdb read
them) but out of sys.path: the compiled runs import the .so.

  trace_lines_test.py PYAOT PACKAGE_DIR...
"""
import json
import os
import shutil
import sys
import unittest

import pyaot_testing as pt

PYAOT = None
PACKAGES = []

# A package with the statements whose line events need care: loops and
# their else, pass, break, continue, try/except/finally, bare raise,
# returns of constants, a generator, a class body, a multi-line call.
SHAPES = {
    "__init__.py": "from . import geo\n",
    "geo.py": '''\
        class Grid:
            """A grid."""
            def __init__(self, n):
                self.n = n

            def total(self):
                acc = 0
                for i in range(self.n):
                    if i == 1:
                        continue
                    elif i == 2:
                        pass
                    acc += i * i
                return acc

            def cells(self):
                for i in range(self.n):
                    yield (i,
                           i * 2)


        def search(xs, wanted):
            for x in xs:
                if x == wanted:
                    break
            else:
                return None
            return x


        def guarded(v):
            try:
                return 10 // v
            except ZeroDivisionError:
                if v is None:
                    raise
                return 0
            finally:
                v = None


        def run(n):
            grid = Grid(n)
            found = search(range(n), 3), search([], 1)
            return grid.total(), list(grid.cells()), found, guarded(2), guarded(0)
        ''',
}

RUN_SHAPES = "import shapes\nprint(shapes.geo.run(5))\n"

# Records every event a tracer gets from the package's frames.
TRACER = """\
import sys
events = []
def tracer(frame, event, arg):
    if "/src/" in frame.f_code.co_filename:
        line = frame.f_lineno if event == "line" else ""
        events.append(f"{event} {frame.f_code.co_name} {line}")
    return tracer
sys.settrace(tracer)
"""


class TraceLinesTest(unittest.TestCase):
    def setUp(self):
        self.root = pt.scratch_dir()
        self.cwd = os.path.join(self.root, "cwd")
        os.makedirs(self.cwd)

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def build(self, package_dir, *flags):
        """Copies the package below src/, builds out/NAME.so; returns (src, out)."""
        src, out = os.path.join(self.root, "src"), os.path.join(self.root, "out")
        os.makedirs(src, exist_ok=True)
        os.makedirs(out, exist_ok=True)
        copied = pt.copy_input(package_dir, src)
        name = os.path.basename(copied)
        built = pt.pyaot(PYAOT, "build", copied, "-o", os.path.join(out, name + ".so"), *flags)
        self.assertEqual(built.returncode, 0, built.stderr)
        return src, out

    def shapes(self):
        package = os.path.join(self.root, "input", "shapes")
        pt.write_files(package, SHAPES)
        return self.build(package, "--trace-lines")

    def python(self, pythonpath, *args, stdin=""):
        env = pt.clean_env(pythonpath, COVERAGE_FILE=os.path.join(self.root, "coverage.data"))
        commands = os.path.join(self.root, "stdin.txt")
        with open(commands, "w") as f:
            f.write(stdin)
        with open(commands) as f:
            return pt.run([pt.PYTHON, *args], cwd=self.cwd, env=env, stdin=f)

    def executed_lines(self, src, pythonpath, code):
        """coverage.py's executed lines of each file below src for `code`."""
        with open(os.path.join(self.cwd, "main.py"), "w") as f:
            f.write(code)
        ran = self.python(pythonpath, "-m", "coverage", "run", "--include", src + "/*", "main.py")
        report = os.path.join(self.root, "coverage.json")
        exported = self.python(pythonpath, "-m", "coverage", "json", "-o", report)
        self.assertEqual(exported.returncode, 0, ran.stderr + exported.stderr)
        with open(report) as f:
            files = json.load(f)["files"]
        return {path: data["executed_lines"] for path, data in files.items()}, ran

    def assert_same_coverage(self, package_dir, code):
        src, out = self.build(package_dir, "--trace-lines")
        expected, source_run = self.executed_lines(src, src, code)
        actual, compiled_run = self.executed_lines(src, out, code)
        self.assertEqual(source_run.stdout, compiled_run.stdout)
        self.assertTrue(expected, "coverage measured nothing")
        for path in sorted(set(expected) | set(actual)):
            self.assertEqual(expected.get(path), actual.get(path), path)

    def test_coverage_of_each_package_equals_the_sources(self):
        for package in PACKAGES:
            name = os.path.basename(package.rstrip("/"))
            with self.subTest(package=name):
                self.assert_same_coverage(package, f"import {name}")
                shutil.rmtree(self.root)
                os.makedirs(self.cwd)

    def test_coverage_of_control_flow_equals_the_sources(self):
        package = os.path.join(self.root, "input", "shapes")
        pt.write_files(package, SHAPES)
        self.assert_same_coverage(package, RUN_SHAPES)

    def test_a_tracer_gets_the_interpreters_events(self):
        src, out = self.shapes()
        code = TRACER + RUN_SHAPES + "sys.settrace(None)\nprint(*events, sep='\\n')\n"
        expected, actual = self.python(src, "-c", code), self.python(out, "-c", code)
        self.assertEqual(expected.stderr, "")
        # A return event's f_lineno is None in native code (README, known differences).
        self.assertEqual(expected.stdout, actual.stdout,
                         pt.diff_text("events", expected.stdout, actual.stdout))

    def test_pdb_stops_at_a_breakpoint_in_compiled_code(self):
        src, out = self.shapes()
        geo = os.path.join(src, "shapes", "geo.py")
        with open(geo) as f:
            line = next(n for n, text in enumerate(f, 1) if "acc += i * i" in text)
        with open(os.path.join(self.cwd, "main.py"), "w") as f:
            f.write(RUN_SHAPES)
        commands = f"break {geo}:{line}\ncontinue\np (i, acc)\ncontinue\np (i, acc)\nclear 1\ncontinue\n"
        transcripts = [self.python(path, "-m", "pdb", "main.py", stdin=commands).stdout
                       for path in (src, out)]
        self.assertEqual(transcripts[0].count(f"> {geo}({line})total()"), 2, transcripts[0])
        self.assertEqual(transcripts[0], transcripts[1],
                         pt.diff_text("pdb session", transcripts[0], transcripts[1]))

    def test_without_the_flag_native_code_sends_no_line_events(self):
        package = os.path.join(self.root, "input", "shapes")
        pt.write_files(package, SHAPES)
        src, out = self.build(package)
        code = TRACER + RUN_SHAPES + "sys.settrace(None)\nprint(*events, sep='\\n')\n"
        events = self.python(out, "-c", code).stdout.splitlines()
        self.assertIn("call total ", events)
        # Only the line the interpreter traces before the body starts.
        first = next(n for n, text in enumerate(SHAPES["geo.py"].splitlines(), 1)
                     if "acc = 0" in text)
        self.assertEqual([e for e in events if e.startswith("line total")], [f"line total {first}"])


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    PACKAGES = sys.argv[2:]
    unittest.main(argv=sys.argv[:1])
