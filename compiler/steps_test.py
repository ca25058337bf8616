"""The build's steps (pyaot plan, summarize, compile, link) and the build
cache (compiler/steps.h, compiler/cache.h): the steps give the bytes
`pyaot build` gives, a rebuild reuses what did not change, and a damaged or
shared cache never yields a wrong .so."""
import json
import os
import re
import subprocess
import sys
import time
import unittest

import pyaot_testing as pt

PYAOT = None

# svc imports a and b; b imports a; c and sub.d import nothing of the package.
PACKAGE = {
    "svc/__init__.py": """\
        from . import a, b
        from .sub import d

        def main():
            print(a.total(10), b.scaled(4), d.label("x"))
        """,
    "svc/a.py": """\
        LIMIT = 3

        def total(n):
            s = 0
            for i in range(n):
                s += i * LIMIT
            return s
        """,
    "svc/b.py": """\
        from .a import total

        class Scaler:
            def scale(self, n):
                return total(n) * 2

        def scaled(n):
            return Scaler().scale(n)
        """,
    "svc/c.py": """\
        def words(text):
            return [w for w in text.split() if w]
        """,
    "svc/sub/__init__.py": "",
    "svc/sub/d.py": """\
        def label(s):
            return "<" + s + ">"
        """,
}
MODULES = ["svc", "svc.a", "svc.b", "svc.c", "svc.sub", "svc.sub.d"]

STATS = re.compile(r"pyaot: cache (.*): (\d+) modules; summaries (\d+) hits, (\d+) made; "
                   r"objects (\d+) hits, (\d+) compiled; runtime object (hit|compiled); "
                   r"(\d+) old entries removed")


def read(path):
    with open(path, "rb") as f:
        return f.read()


class StepsTest(unittest.TestCase):
    def setUp(self):
        self.dir = pt.scratch_dir()
        pt.write_files(self.dir, PACKAGE)
        self.cache = self.path("cache")

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def pyaot(self, *args):
        return pt.pyaot(PYAOT, *args, cwd=self.dir)

    def ok(self, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def build(self, out, *args):
        os.makedirs(self.path(os.path.dirname(out)), exist_ok=True)
        return self.ok(self.pyaot("build", "svc", "-o", out, "--cache-dir", self.cache,
                                  "--cache-stats", *args))

    def stats(self, result):
        found = STATS.search(result.stderr)
        self.assertIsNotNone(found, result.stderr)
        modules, s_hits, s_made, o_hits, o_compiled = map(int, found.groups()[1:6])
        return {"modules": modules, "summary hits": s_hits, "summaries made": s_made,
                "object hits": o_hits, "objects compiled": o_compiled,
                "runtime": found.group(7), "removed": int(found.group(8))}

    def clean_build(self, out, *args):
        os.makedirs(self.path(os.path.dirname(out)), exist_ok=True)
        self.ok(self.pyaot("build", "svc", "-o", out, "--no-cache", *args))
        return read(self.path(out))

    def edit(self, rel, old, new):
        path = self.path("svc", rel)
        text = read(path).decode()
        self.assertIn(old, text)
        with open(path, "w") as f:
            f.write(text.replace(old, new))

    def run_main(self, directory):
        return pt.run_python("import svc; svc.main()", self.path(directory), self.dir)

    def assertRunsAsSource(self, directory):
        source = pt.run_python("import svc; svc.main()", self.dir, self.dir)
        compiled = self.run_main(directory)
        self.assertEqual(source.returncode, 0, source.stderr)
        self.assertEqual((compiled.stdout, compiled.stderr), (source.stdout, source.stderr))

    # -- the steps --------------------------------------------------------
    def steps_build(self, out_dir, *code_options):
        os.makedirs(self.path(out_dir), exist_ok=True)
        plan = self.path(out_dir, "svc.plan")
        self.ok(self.pyaot("plan", "svc", "-o", plan))
        summaries = []
        for module in MODULES:
            summaries.append(self.path(out_dir, module + ".summary"))
            self.ok(self.pyaot("summarize", "--plan", plan, "--module", module, "-o",
                               summaries[-1]))
        objects, parts = [], []
        for module in MODULES:
            objects.append(self.path(out_dir, module + ".o"))
            parts.append(self.path(out_dir, module + ".report"))
            args = ["compile", "--plan", plan, "--module", module, "-o", objects[-1],
                    "--report-part", parts[-1], *code_options]
            for s in summaries:
                args += ["--summary", s]
            self.ok(self.pyaot(*args))
        link = ["link", "--plan", plan, *objects, "-o", self.path(out_dir, "svc.so"),
                "--report", self.path(out_dir, "report.json"), *code_options]
        for p in parts:
            link += ["--report-part", p]
        self.ok(self.pyaot(*link))

    def test_the_steps_give_the_bytes_of_build(self):
        for options in ([], ["-O0", "-g0", "--no-source"]):
            with self.subTest(options=options):
                tag = "o0" if options else "o2"
                self.steps_build("steps" + tag, *options)
                built = self.clean_build(tag + "/svc.so", "--report", tag + "/report.json",
                                         *options)
                self.assertEqual(read(self.path("steps" + tag, "svc.so")), built)
                # The same report, but for the build's own timings.
                clean_report = json.loads(read(self.path(tag, "report.json")))
                self.assertIn("timings", clean_report)
                del clean_report["timings"]
                self.assertEqual(json.loads(read(self.path("steps" + tag, "report.json"))),
                                 clean_report)
                self.assertRunsAsSource("steps" + tag)

    def test_summaries_are_deterministic_and_name_imports_and_bindings(self):
        plan = self.path("svc.plan")
        self.ok(self.pyaot("plan", "svc", "-o", plan))
        outputs = []
        for i in range(2):
            outputs.append(self.path("b%d.summary" % i))
            self.ok(self.pyaot("summarize", "--plan", plan, "--module", "svc.b", "-o",
                               outputs[-1]))
        self.assertEqual(read(outputs[0]), read(outputs[1]))
        self.assertEqual(read(outputs[0]).decode(),
                         "pyaot-summary 1\nmodule svc.b\npackage 0\nimport svc\nimport svc.a\n"
                         "class Scaler scale\ndef scaled\nglobal total\n")

    def test_compile_needs_the_summaries_of_its_imports(self):
        plan = self.path("svc.plan")
        self.ok(self.pyaot("plan", "svc", "-o", plan))
        result = self.pyaot("compile", "--plan", plan, "--module", "svc.b", "-o", "b.o")
        self.assertEqual(result.returncode, 2, result.stderr)
        # `from .a import total` imports svc, then svc.a.
        self.assertIn("no summary of 'svc', which 'svc.b' imports", result.stderr)
        self.assertFalse(os.path.exists(self.path("b.o")))

    def test_a_plan_of_another_format_is_refused(self):
        with open(self.path("bad.plan"), "w") as f:
            f.write("pyaot-plan 99\n")
        result = self.pyaot("summarize", "--plan", "bad.plan", "--module", "svc", "-o", "x")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("not a pyaot plan", result.stderr)

    # -- the cache --------------------------------------------------------
    def test_a_rebuild_without_changes_compiles_nothing(self):
        first = self.stats(self.build("one/svc.so"))
        self.assertEqual((first["summaries made"], first["objects compiled"], first["runtime"]),
                         (6, 6, "compiled"))
        second = self.stats(self.build("two/svc.so"))
        self.assertEqual((second["summary hits"], second["summaries made"],
                          second["object hits"], second["objects compiled"], second["runtime"]),
                         (6, 0, 6, 0, "hit"))
        self.assertEqual(read(self.path("two/svc.so")), read(self.path("one/svc.so")))
        self.assertEqual(read(self.path("two/svc.so")), self.clean_build("clean/svc.so"))
        self.assertRunsAsSource("two")

    def test_editing_a_function_body_recompiles_its_module_only(self):
        self.build("one/svc.so")
        self.edit("a.py", "s += i * LIMIT", "s += i * LIMIT + 1")
        stats = self.stats(self.build("two/svc.so"))
        self.assertEqual((stats["summaries made"], stats["objects compiled"],
                          stats["object hits"]), (1, 1, 5))
        self.assertEqual(read(self.path("two/svc.so")), self.clean_build("clean/svc.so"))
        self.assertNotEqual(read(self.path("two/svc.so")), read(self.path("one/svc.so")))
        self.assertRunsAsSource("two")

    def test_a_changed_summary_recompiles_the_modules_importing_it(self):
        self.build("one/svc.so")
        self.edit("a.py", "LIMIT = 3\n", "LIMIT = 3\n\ndef extra():\n    return 0\n")
        stats = self.stats(self.build("two/svc.so"))
        # a itself, and svc and svc.b, which import it; c, sub and sub.d hit.
        self.assertEqual((stats["objects compiled"], stats["object hits"]), (3, 3))
        self.assertEqual(read(self.path("two/svc.so")), self.clean_build("clean/svc.so"))

    def test_an_option_that_changes_code_misses(self):
        self.build("one/svc.so")
        stats = self.stats(self.build("two/svc.so", "-O1"))
        self.assertEqual((stats["objects compiled"], stats["runtime"]), (6, "compiled"))
        self.assertEqual(read(self.path("two/svc.so")), self.clean_build("clean/svc.so", "-O1"))

    def cache_entries(self):
        return sorted(os.path.join(d, f) for d, _, files in os.walk(self.cache) for f in files)

    def cache_bytes(self):
        return sum(os.path.getsize(e) for e in self.cache_entries())

    def test_a_full_cache_drops_the_entries_used_longest_ago(self):
        # The -O1 entries' size, from a cache of their own (builds are
        # byte-identical, so are their entries).
        os.makedirs(self.path("o1alone"))
        self.ok(self.pyaot("build", "svc", "-o", "o1alone/svc.so", "-O1", "--cache-dir",
                           self.path("o1cache")))
        o1_bytes = sum(os.path.getsize(os.path.join(d, f))
                       for d, _, files in os.walk(self.path("o1cache")) for f in files)
        self.build("o0/svc.so", "-O0")
        o0 = {e: os.stat(e).st_mtime_ns for e in self.cache_entries()}
        time.sleep(1.1)  # entries are ordered by their files' times
        self.assertEqual(self.stats(self.build("o2/svc.so"))["removed"], 0)  # under 5G
        o2 = set(self.cache_entries()) - set(o0)
        o2_bytes = sum(os.path.getsize(e) for e in o2)
        time.sleep(1.1)
        self.build("o2again/svc.so")  # all hits: nothing stored, nothing trimmed
        # The -O0 objects and runtime: the summaries, every option's, were hit since.
        stale = {e for e, mtime in o0.items() if os.stat(e).st_mtime_ns == mtime}
        self.assertEqual(len(stale), 6 + 1)
        # A cap whose 80% holds the -O1 and -O2 entries and not one -O0 entry more.
        keep = o1_bytes + o2_bytes + min(os.path.getsize(e) for e in stale) // 2
        cap = keep * 10 // 8 + 10
        self.assertGreater(self.cache_bytes() + o1_bytes, cap)
        stats = self.stats(self.build("o1/svc.so", "-O1", "--cache-max-size", str(cap)))
        self.assertEqual(stats["removed"], len(stale))
        left = set(self.cache_entries())
        self.assertFalse(left & stale)
        self.assertTrue(o2 | (set(o0) - stale) <= left)
        self.assertLessEqual(self.cache_bytes(), cap)
        self.assertEqual(read(self.path("o1/svc.so")), self.clean_build("clean/svc.so", "-O1"))
        self.assertRunsAsSource("o1")

    def test_cache_max_size_must_be_a_size(self):
        result = self.pyaot("build", "svc", "-o", "svc.so", "--cache-max-size", "lots")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("--cache-max-size: expected a size such as 5G or 512M, not 'lots'",
                      result.stderr)

    def test_damaged_entries_are_rebuilt_never_linked(self):
        self.build("one/svc.so")
        entries = self.cache_entries()
        self.assertEqual(len(entries), 6 + 6 + 1)  # summaries, objects, the runtime
        for n, entry in enumerate(entries):
            data = bytearray(read(entry))
            if n % 2 == 0:
                data = data[:len(data) // 2]  # truncated
            else:
                data[-1] ^= 0x40  # a flipped bit in the payload
            with open(entry, "wb") as f:
                f.write(bytes(data))
        stats = self.stats(self.build("two/svc.so"))
        self.assertEqual((stats["summary hits"], stats["object hits"], stats["runtime"]),
                         (0, 0, "compiled"))
        self.assertEqual(read(self.path("two/svc.so")), read(self.path("one/svc.so")))
        # The damaged entries were replaced.
        stats = self.stats(self.build("three/svc.so"))
        self.assertEqual((stats["objects compiled"], stats["runtime"]), (0, "hit"))

    def test_concurrent_builds_share_one_cache(self):
        clean = self.clean_build("clean/svc.so")
        for attempt in range(2):  # an empty cache, then a full one
            procs = []
            for i in range(3):
                out = self.path("run%d_%d" % (attempt, i), "svc.so")
                os.makedirs(os.path.dirname(out))
                procs.append(subprocess.Popen(
                    [os.path.abspath(PYAOT), "build", "svc", "-o", out, "--cache-dir", self.cache],
                    cwd=self.dir, env=pt.clean_env(), stderr=subprocess.PIPE, text=True))
            for i, proc in enumerate(procs):
                _, err = proc.communicate(timeout=pt.TIMEOUT)
                self.assertEqual(proc.returncode, 0, err)
                self.assertEqual(read(self.path("run%d_%d" % (attempt, i), "svc.so")), clean)
        self.assertEqual([e for e in self.cache_entries() if ".tmp-" in e], [])
        self.assertEqual(len(self.cache_entries()), 13)

    def test_the_default_cache_is_under_xdg_cache_home(self):
        xdg = self.path("xdg")
        os.makedirs(self.path("out"))
        result = pt.run([os.path.abspath(PYAOT), "build", "svc", "-o", "out/svc.so"],
                        cwd=self.dir, env=pt.clean_env(XDG_CACHE_HOME=xdg))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isdir(os.path.join(xdg, "pyaot", "v1")))
        home = self.path("home")
        result = pt.run([os.path.abspath(PYAOT), "build", "svc", "-o", "out/svc.so"],
                        cwd=self.dir, env=pt.clean_env(HOME=home))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isdir(os.path.join(home, ".cache", "pyaot", "v1")))

    def test_no_cache_reads_and_writes_nothing(self):
        self.build("one/svc.so")
        before = self.cache_entries()
        self.edit("c.py", "if w]", "if w and w != '-']")
        result = self.build("two/svc.so", "--no-cache")
        self.assertIn("cache off", result.stderr)
        self.assertEqual(self.cache_entries(), before)

    def test_warnings_are_repeated_on_a_hit(self):
        self.edit("c.py", "def words", "from .missing import thing\n\ndef words")
        first = self.build("one/svc.so")
        second = self.build("two/svc.so")
        self.assertIn("no module named 'svc.missing'", first.stderr)
        self.assertEqual(first.stderr.split("pyaot: cache")[0],
                         second.stderr.split("pyaot: cache")[0])

    def test_a_syntax_error_is_reported_on_every_build(self):
        self.build("one/svc.so")
        self.edit("c.py", "return [", "return [[")
        for out in ("two/svc.so", "three/svc.so"):
            os.makedirs(self.path(os.path.dirname(out)))
            result = self.pyaot("build", "svc", "-o", out, "--cache-dir", self.cache)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("c.py:2:", result.stderr)
            self.assertFalse(os.path.exists(self.path(out)))


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
