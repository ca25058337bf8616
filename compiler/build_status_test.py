"""What a build tells about itself: stage timings and peak memory (--report,
--time-report), progress, and what Ctrl-C leaves behind."""
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import unittest

import pyaot_testing as pt

PYAOT = None

STAGES = ["parse", "lower", "ir_passes", "llvm_emit", "llvm_optimize", "codegen", "link"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class BuildStatusTest(unittest.TestCase):
    def setUp(self):
        self.dir = pt.scratch_dir()

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def pyaot(self, *args):
        return pt.pyaot(PYAOT, *args, cwd=self.dir)

    def package(self):
        write(self.path("pkg", "__init__.py"), "from . import a, b\n")
        write(self.path("pkg", "a.py"), "def f(n):\n    return sum(i * i for i in range(n))\n")
        write(self.path("pkg", "b.py"), "class C:\n    def g(self):\n        return 2\n\nX = C().g()\n")
        return self.path("pkg")

    def test_report_records_each_stage_and_module(self):
        result = self.pyaot("build", self.package(), "-o", "pkg.so", "--report", "r.json", "-j", "1")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path("r.json")) as f:
            timings = json.load(f)["timings"]
        for key in ("wall_seconds", "cpu_seconds"):
            self.assertIsInstance(timings[key], float)
            self.assertGreater(timings[key], 0)
        self.assertIsInstance(timings["peak_rss_bytes"], int)
        self.assertGreater(timings["peak_rss_bytes"], 1 << 20)
        self.assertEqual(list(timings["stages"]), STAGES)
        for stage, time in timings["stages"].items():
            for key in ("wall_seconds", "cpu_seconds"):
                self.assertIsInstance(time[key], float, stage)
                self.assertGreaterEqual(time[key], 0, stage)
        # One job at a time: the stages happen one after the other, within the build.
        stages_wall = sum(t["wall_seconds"] for t in timings["stages"].values())
        self.assertLessEqual(stages_wall, timings["wall_seconds"])
        # The linker's CPU is a child's; the rest is this process's.
        stages_cpu = sum(t["cpu_seconds"] for t in timings["stages"].values())
        self.assertLessEqual(stages_cpu, timings["cpu_seconds"] + 0.01)
        self.assertGreater(timings["stages"]["codegen"]["wall_seconds"], 0)
        modules = {m["module"]: m for m in timings["modules"]}
        self.assertEqual(sorted(modules), ["pkg", "pkg.a", "pkg.b"])
        self.assertEqual(modules["pkg.b"]["lines"], 5)
        for m in modules.values():
            for stage in ("parse", "lower", "ir_passes"):
                self.assertGreaterEqual(m[stage]["wall_seconds"], 0)
            self.assertLessEqual(m["peak_rss_bytes"], timings["peak_rss_bytes"])
        # The module stages add up to the stage totals.
        for stage in ("parse", "lower", "ir_passes"):
            self.assertAlmostEqual(sum(m[stage]["wall_seconds"] for m in modules.values()),
                                   timings["stages"][stage]["wall_seconds"], places=4)

    def test_time_report_on_stderr(self):
        result = self.pyaot("build", self.package(), "-o", "pkg.so", "--time-report")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(lines[0], "pyaot: time report")
        for stage in STAGES + ["total"]:
            self.assertTrue(any(line.split()[:1] == [stage] for line in lines), (stage, lines))
        self.assertRegex(result.stderr, r"8 lines in 3 modules: \d+ lines/s")


    # -- progress -------------------------------------------------------------
    def test_quiet_without_a_terminal(self):
        result = self.pyaot("build", self.package(), "-o", "pkg.so")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")

    def test_verbose_prints_a_line_per_module_and_a_summary(self):
        cache = ("--cache-dir", self.path("cache"))  # this test's own
        result = self.pyaot("build", self.package(), "-o", "pkg.so", "--verbose", *cache)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stderr.splitlines()
        # The modules in order, the package-wide steps (code generation,
        # the link) between and after them.
        modules = [line for line in lines if not re.search(r"\] (optimizing|linking)", line)]
        self.assertRegex(modules[0], r"^\[1/3\] pkg  \d\d:\d\d$")
        self.assertRegex(modules[1], r"^\[2/3\] pkg\.a  \d\d:\d\d$")
        self.assertRegex(modules[2], r"^\[3/3\] pkg\.b  \d\d:\d\d$")
        self.assertRegex(lines[-2], r"^\[3/3\] linking  \d\d:\d\d$")
        summary = r"^pyaot: built 3 modules, 8 lines in \d+\.\d s \(\d+ lines/s\), {} from the cache$"
        self.assertRegex(lines[-1], summary.format(0))
        self.assertNotIn("\r", result.stderr)
        # Built again: every module object from the cache, no code generated.
        again = self.pyaot("build", self.package(), "-o", "pkg.so", "--verbose", *cache)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertNotIn("optimizing", again.stderr)
        self.assertRegex(again.stderr.splitlines()[-1], summary.format(3))

    def test_status_line_on_a_terminal(self):
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.dir)
            os.environ["TERM"] = "xterm"
            try:
                os.execv(PYAOT, [PYAOT, "build", self.package(), "-o", "pkg.so"])
            finally:
                os._exit(127)
        output = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, output)
        text = output.decode()
        # Each update rewrites the one line in place; the summary stays.
        self.assertIn("\r\x1b[K[3/3] pkg.b  00:", text)
        self.assertNotIn("[1/3] pkg  00:00\n", text.replace("\r\n", "\n"))
        self.assertRegex(text, r"\r\x1b\[Kpyaot: built 3 modules, 8 lines in ")
        self.assertTrue(os.path.exists(self.path("pkg.so")))

    # -- stopping -------------------------------------------------------------
    def big_module(self, functions_lines):
        lines = ["def seq(*a):\n    return a\n", "def rules(t):"]
        lines += [f"    t.append(seq('a{i}', seq('b{i}', seq('c', {i}))))" for i in range(functions_lines)]
        write(self.path("big.py"), "\n".join(lines) + "\n    return t\n")
        return self.path("big.py")

    def test_ctrl_c_stops_the_build_and_leaves_no_output(self):
        source = self.big_module(1500)
        build = subprocess.Popen([PYAOT, "build", source, "-o", "big.so", "-O2", "--verbose",
                                  "--no-cache"],
                                 cwd=self.dir, stderr=subprocess.PIPE, text=True)
        # Wait until it compiles, then interrupt it as Ctrl-C does.
        seen = ""
        while "generating code" not in seen:
            line = build.stderr.readline()
            self.assertNotEqual(line, "", seen)
            seen += line
        time.sleep(0.5)
        interrupted = time.monotonic()
        build.send_signal(signal.SIGINT)
        returncode = build.wait(timeout=60)
        self.assertLess(time.monotonic() - interrupted, 10)
        self.assertNotEqual(returncode, 0)
        self.assertFalse(os.path.exists(self.path("big.so")))
        self.assertEqual([f for f in os.listdir(self.dir) if "pyaot-tmp" in f], [])

    # -- memory ---------------------------------------------------------------
    def test_max_memory_stops_with_a_clear_error(self):
        source = self.big_module(3000)
        result = self.pyaot("build", source, "-o", "big.so", "-O0", "--max-memory", "512M")
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertRegex(result.stderr, r"^pyaot: error: out of memory: the build needs more than "
                                         r"--max-memory=512M \(while compiling ")
        self.assertFalse(os.path.exists(self.path("big.so")))
        self.assertEqual([f for f in os.listdir(self.dir) if "pyaot-tmp" in f], [])

    def test_max_memory_below_what_pyaot_needs_is_a_usage_error(self):
        result = self.pyaot("build", self.package(), "-o", "pkg.so", "--max-memory", "100M")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("--max-memory: pyaot needs at least 512M", result.stderr)
        result = self.pyaot("build", self.package(), "-o", "pkg.so", "--max-memory", "lots")
        self.assertEqual(result.returncode, 2, result.stderr)

    def test_max_memory_large_enough_builds(self):
        result = self.pyaot("build", self.package(), "-o", "pkg.so", "--max-memory", "4G")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(self.path("pkg.so")))


if __name__ == "__main__":
    PYAOT = os.path.abspath(sys.argv[1])
    unittest.main(argv=sys.argv[:1])
