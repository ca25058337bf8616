"""Debug info of native code, read by the real tools: gdb stops at a
compiled function by its Python name and its backtrace shows .py lines,
addr2line maps code inside a loop to the loop's line, perf names the
Python functions. The expected lines are found in the source, not written
down."""
import os
import re
import shutil
import subprocess
import sys
import unittest

import pyaot_testing as pt

PYAOT = None

FILES = {
    "__init__.py": "from . import geo\n",
    "geo.py": '''\
        class Grid:
            def __init__(self, n):
                self.n = n

            def total(self):
                acc = 0
                for i in range(self.n):
                    acc += (i * i) % 7
                return acc


        def run(n):
            grid = Grid(n)
            return grid.total()
        ''',
}

TOTAL = "shapes.geo.Grid.total"  # the symbol and subprogram of Grid.total


class DebugInfoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = pt.scratch_dir()
        cls.src = os.path.join(cls.root, "src", "shapes")
        pt.write_files(cls.src, FILES)
        with open(os.path.join(cls.src, "geo.py")) as f:
            cls.geo_lines = f.read().splitlines()
        cls.out = os.path.join(cls.root, "out")
        cls.out_g0 = os.path.join(cls.root, "out_g0")
        for out, flags in ((cls.out, ()), (cls.out_g0, ("-g0",))):
            os.makedirs(out)
            built = pt.pyaot(PYAOT, "build", cls.src, "-o", os.path.join(out, "shapes.so"), *flags)
            assert built.returncode == 0, built.stderr
        cls.so = os.path.join(cls.out, "shapes.so")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def line_of(self, text):
        """The 1-based line of geo.py that contains `text`."""
        matches = [n for n, line in enumerate(self.geo_lines, 1) if text in line]
        self.assertEqual(len(matches), 1, text)
        return matches[0]

    def function_code(self, so, symbol):
        """The instructions of `symbol` in `so`: [(address, text)]."""
        dump = pt.run(["objdump", "-d", "--no-show-raw-insn", so]).stdout
        body = re.search(r"<%s>:\n(.*?)\n\n" % re.escape(symbol), dump, re.S)
        self.assertIsNotNone(body, f"{symbol} not in the .so's symbols")
        code = []
        for line in body.group(1).splitlines():
            m = re.match(r"\s*([0-9a-f]+):\s*(.*)", line)
            if m and not re.match(r"int3|nop", m.group(2)):  # padding after the end
                code.append((int(m.group(1), 16), m.group(2)))
        return code

    def test_gdb_stops_at_a_function_by_its_python_name(self):
        result = pt.run(["gdb", "-nx", "-batch", "-ex", "set breakpoint pending on",
                         "-ex", "set disable-randomization off",
                         "-ex", f"break {TOTAL}", "-ex", "run", "-ex", "bt",
                         "--args", pt.PYTHON, "-c", "import shapes; shapes.geo.run(10)"],
                        cwd=self.root, env=pt.clean_env(self.out), timeout=300)
        self.assertIn(f"Breakpoint 1, {TOTAL} () at shapes/geo.py:{self.line_of('def total')}",
                      result.stdout, result.stdout + result.stderr)
        # The caller's frame: the native body of run, at the line of the call.
        self.assertRegex(result.stdout, r"#\d+ .* in shapes\.geo\.run \(\) at shapes/geo\.py:%d\n"
                         % self.line_of("grid.total()"))

    def test_addr2line_maps_code_inside_the_loop_to_its_line(self):
        code = self.function_code(self.so, TOTAL)
        start, end = code[0][0], code[-1][0]
        # Loops: the spans of backward branches within the function.
        loops = []
        for address, text in code:
            m = re.match(r"j\w+\s+([0-9a-f]+) <", text)
            if m and start <= int(m.group(1), 16) < address:
                loops.append((int(m.group(1), 16), address))
        self.assertTrue(loops, "no loop in " + TOTAL)
        addresses = [address for address, _ in code]
        result = pt.run(["addr2line", "-f", "-e", self.so] + [hex(a) for a in addresses])
        answers = result.stdout.splitlines()
        self.assertEqual(len(answers), 2 * len(addresses), result.stderr)
        body = self.line_of("acc += ")
        in_loop_body = [a for k, a in enumerate(addresses)
                        if answers[2 * k] == TOTAL and answers[2 * k + 1].endswith(f"shapes/geo.py:{body}")
                        and any(lo <= a <= hi for lo, hi in loops)]
        self.assertTrue(in_loop_body, "no address in a loop maps to geo.py:%d:\n%s"
                        % (body, "\n".join(answers)))
        # Every row names this function's file (line 0, '?', for code of no one line).
        files = {re.sub(r":(\d+|\?)( \(discriminator \d+\))?$", "", a) for a in answers[1::2]}
        self.assertEqual({f.lstrip("./") for f in files}, {"shapes/geo.py"})

    def test_without_debug_info_the_names_stay(self):
        sections = pt.run(["readelf", "-S", os.path.join(self.out_g0, "shapes.so")]).stdout
        self.assertNotIn(".debug_line", sections)
        self.assertIn(".debug_line", pt.run(["readelf", "-S", self.so]).stdout)
        self.function_code(os.path.join(self.out_g0, "shapes.so"), TOTAL)

    def test_perf_report_names_the_python_functions(self):
        data = os.path.join(self.root, "perf.data")
        probe = pt.run(["perf", "record", "-e", "cpu-clock", "-o", data, "true"])
        if probe.returncode != 0:
            self.skipTest("perf cannot sample on this machine: " + probe.stderr.strip()[-300:])
        record = pt.run(["perf", "record", "-e", "cpu-clock", "-F", "2000", "-o", data, "--",
                         pt.PYTHON, "-c", "import shapes\nfor _ in range(40): shapes.geo.run(20000)"],
                        cwd=self.root, env=pt.clean_env(self.out), timeout=300)
        self.assertEqual(record.returncode, 0, record.stderr)
        report = pt.run(["perf", "report", "-i", data, "--stdio", "--sort", "symbol"],
                        cwd=self.root, timeout=300)
        self.assertIn(TOTAL, report.stdout, report.stdout[:3000] + report.stderr)


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
