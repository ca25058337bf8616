"""What a build tells about itself: stage timings and peak memory (--report,
--time-report), progress, and what Ctrl-C leaves behind."""
import json
import os
import sys
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


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
