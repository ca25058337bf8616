"""The pyaot command as a user meets it: flags, exit codes, diagnostics,
atomic outputs, reports and reproducible builds."""
import json
import os
import subprocess
import sys
import unittest

import pyaot_testing as pt

PYAOT = None


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = pt.scratch_dir()

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def pyaot(self, *args):
        return pt.pyaot(PYAOT, *args, cwd=self.dir)

    def package(self, name="pkg", files=None):
        files = files or {"__init__.py": "from . import mod\n", "mod.py": "def f():\n    return 1\n"}
        for rel, text in files.items():
            write(self.path(name, rel), text)
        return self.path(name)

    def assertUsageError(self, result, text):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(text, result.stderr)

    def assertNoStrayFiles(self, directory):
        leftovers = [f for f in os.listdir(directory) if ".pyaot-tmp-" in f]
        self.assertEqual(leftovers, [])

    # -- flags -------------------------------------------------------------
    def test_version(self):
        result = self.pyaot("--version")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^pyaot \d+\.\d+\.\d+ \(LLVM 19\.[\d.]+, CPython 3\.11\.\d+\)")

    def test_help_for_build(self):
        result = self.pyaot("build", "--help")
        self.assertEqual(result.returncode, 0)
        for flag in ("--output", "--module-name", "--report", "--no-source", "--emit", "-O", "--jobs"):
            self.assertIn(flag, result.stdout)

    def test_no_subcommand_is_a_usage_error(self):
        self.assertUsageError(self.pyaot(), "pyaot: error:")

    def test_unknown_flag(self):
        result = self.pyaot("build", self.package(), "-o", "x.so", "--frobnicate")
        self.assertUsageError(result, "pyaot: error:")
        self.assertIn("--frobnicate", result.stderr)

    def test_bad_optimization_level(self):
        self.assertUsageError(self.pyaot("build", self.package(), "-o", "x.so", "-O7"),
                              "pyaot: error:")

    def test_unsupported_target(self):
        result = self.pyaot("build", self.package(), "-o", "x.so", "--target", "aarch64-apple-darwin")
        self.assertUsageError(result, "error: unsupported target 'aarch64-apple-darwin'")
        self.assertFalse(os.path.exists(self.path("x.so")))

    # -- bad input ----------------------------------------------------------
    def test_syntax_error_is_reported_with_position_and_caret(self):
        pkg = self.package(files={"__init__.py": "", "bad.py": "x = 1\ny = (2 +\n"})
        out = self.path("out.so")
        result = self.pyaot("build", pkg, "-o", out)
        self.assertEqual(result.returncode, 1, result.stderr)
        bad = os.path.join(pkg, "bad.py")
        self.assertEqual(result.stderr,
                         f"{bad}:2:5: error: '(' was never closed\ny = (2 +\n    ^\n")
        self.assertFalse(os.path.exists(out))
        self.assertNoStrayFiles(self.dir)

    def test_every_syntax_error_is_reported(self):
        pkg = self.package(files={"__init__.py": "def f(:\n", "b.py": "return 3\n"})
        result = self.pyaot("build", pkg, "-o", "o.so")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.count(": error: "), 2, result.stderr)
        self.assertIn("b.py:1:1: error: 'return' outside function", result.stderr)

    def test_failed_build_keeps_the_previous_output(self):
        out = self.path("keep.so")
        with open(out, "wb") as f:
            f.write(b"previous build")
        pkg = self.package(files={"__init__.py": "def broken(\n"})
        self.assertEqual(self.pyaot("build", pkg, "-o", out).returncode, 1)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"previous build")
        self.assertNoStrayFiles(self.dir)

    def test_missing_path(self):
        missing = self.path("nope")
        self.assertUsageError(self.pyaot("build", missing, "-o", "x.so"),
                              f"{missing}: error: no such file or directory")

    def test_directory_that_is_no_package(self):
        os.makedirs(self.path("plain"))
        write(self.path("plain", "a.py"), "x = 1\n")
        self.assertUsageError(self.pyaot("build", self.path("plain"), "-o", "x.so"),
                              "error: not a Python package: the directory has no __init__.py")

    def test_not_a_python_file(self):
        write(self.path("notes.txt"), "hello\n")
        self.assertUsageError(self.pyaot("build", self.path("notes.txt"), "-o", "x.so"),
                              "error: not a Python source file")

    def test_unreadable_module(self):
        pkg = self.package()
        os.symlink(self.path("does-not-exist"), os.path.join(pkg, "ghost.py"))
        result = self.pyaot("build", pkg, "-o", "x.so")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(os.path.join(pkg, "ghost.py") + ": error: cannot read file", result.stderr)
        self.assertFalse(os.path.exists(self.path("x.so")))

    @unittest.skipIf(os.geteuid() == 0, "root reads files whatever their mode")
    def test_unreadable_permissions(self):
        pkg = self.package()
        os.chmod(os.path.join(pkg, "mod.py"), 0)
        result = self.pyaot("build", pkg, "-o", "x.so")
        self.assertEqual(result.returncode, 1)
        self.assertIn("error: cannot read file: Permission denied", result.stderr)

    def test_undecodable_source(self):
        pkg = self.package(files={"__init__.py": "s = '\xff'\n".encode("latin-1").decode("latin-1")})
        with open(os.path.join(pkg, "__init__.py"), "wb") as f:
            f.write(b"s = '\xff'\n")
        result = self.pyaot("build", pkg, "-o", "x.so")
        self.assertEqual(result.returncode, 1)
        self.assertIn("utf-8", result.stderr)

    def test_output_in_missing_directory(self):
        result = self.pyaot("build", self.package(), "-o", self.path("no", "such", "x.so"))
        self.assertUsageError(result, "error: the output directory")
        self.assertFalse(os.path.exists(self.path("no")))

    def test_output_name_that_is_no_module_name(self):
        pkg = self.package()
        self.assertUsageError(self.pyaot("build", pkg, "-o", "my-pkg.so"),
                              "'my-pkg' is not a valid module name")
        result = self.pyaot("build", pkg, "-o", "my-pkg.so", "--module-name", "pkg")
        self.assertEqual(result.returncode, 0, result.stderr)

    # -- outputs ------------------------------------------------------------
    def test_non_python_files_are_warned_about(self):
        pkg = self.package()
        write(os.path.join(pkg, "data.json"), "{}")
        result = self.pyaot("build", pkg, "-o", "pkg.so")
        self.assertEqual(result.returncode, 0)
        self.assertIn(os.path.join(pkg, "data.json") + ": warning: not a Python module", result.stderr)

    def test_builds_are_reproducible(self):
        pkg = self.package()
        os.makedirs(self.path("a"))
        os.makedirs(self.path("b"))
        for d in ("a", "b"):
            self.assertEqual(self.pyaot("build", pkg, "-o", self.path(d, "pkg.so"), "-j", "2").returncode, 0)
        with open(self.path("a", "pkg.so"), "rb") as a, open(self.path("b", "pkg.so"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_emit_llvm_and_obj(self):
        pkg = self.package()
        self.assertEqual(self.pyaot("build", pkg, "-o", "pkg.ll", "--emit", "llvm").returncode, 0)
        with open(self.path("pkg.ll")) as f:
            self.assertIn("@PyInit_pkg()", f.read())
        self.assertEqual(self.pyaot("build", pkg, "-o", "pkg.o", "--emit", "obj", "-O0").returncode, 0)
        with open(self.path("pkg.o"), "rb") as f:
            header = f.read(18)
        self.assertEqual(header[:4], b"\x7fELF")
        self.assertEqual(header[16], 1)  # ET_REL: an object file

    def test_print_after_a_pass(self):
        pkg = self.package(files={"__init__.py": "def f(a):\n    return g(a)\n"})
        texts = {}
        for stage in ("lower", "refcounts"):
            out = self.path(stage + ".ir")
            result = self.pyaot("build", pkg, "-o", out, "--emit=ir", "--print-after=" + stage)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(out) as f:
                texts[stage] = f.read()
        self.assertIn("def lower.f", texts["lower"])
        self.assertIn("LoadFast a[0] ", texts["lower"])  # neither bound nor borrowed yet
        self.assertNotIn("DecRef", texts["lower"])
        self.assertIn("LoadFast a[0] (bound) (borrowed)", texts["refcounts"])
        self.assertIn("DecRef", texts["refcounts"])

    def test_print_after_an_unknown_pass(self):
        result = self.pyaot("build", self.package(), "-o", "x.ir", "--emit=ir",
                            "--print-after=inline")
        self.assertUsageError(result, "inline")
        for name in ("lower", "remove-unreachable", "bound-locals", "refcounts", "suspend"):
            self.assertIn(name, result.stderr)
        self.assertFalse(os.path.exists(self.path("x.ir")))

    def test_print_after_needs_emit_ir(self):
        result = self.pyaot("build", self.package(), "-o", "x.so", "--print-after=lower")
        self.assertUsageError(result, "--print-after needs --emit=ir")

    def test_sanitizers(self):
        for bad in ("thread", "address,", "address,address", "", "Undefined"):
            with self.subTest(sanitize=bad):
                result = self.pyaot("build", self.package(), "-o", "x.so", "--sanitize", bad)
                self.assertUsageError(
                    result, "--sanitize: expected address, undefined or address,undefined")
                self.assertFalse(os.path.exists(self.path("x.so")))
        result = self.pyaot("build", self.package(), "-o", "x.cpython-311d-x86_64-linux-gnu.so",
                            "--sanitize=undefined", "--debug-python")
        self.assertUsageError(result, "not available with --debug-python")
        # The runtime's C comes with UBSan's checks (calls of its handlers).
        for sanitize, checked in (("address", False), ("undefined", True),
                                  ("undefined,address", True)):
            with self.subTest(sanitize=sanitize):
                result = self.pyaot("build", self.package(), "-o", "x.ll", "--emit=llvm",
                                    "--sanitize", sanitize)
                self.assertEqual(result.returncode, 0, result.stderr)
                with open(self.path("x.ll")) as f:
                    self.assertEqual("__ubsan_handle_" in f.read(), checked)

    def test_report(self):
        pkg = self.package(files={
            "__init__.py": "class C:\n    def m(self):\n        return lambda: 1\n",
            "sub/__init__.py": "",
            "sub/x.py": "async def g():\n    pass\n",
        })
        result = self.pyaot("build", pkg, "-o", "pkg.so", "--report", "r.json")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path("r.json")) as f:
            report = json.load(f)
        entries = {(e["module"], e["qualname"]): e for e in report["entries"]}
        self.assertEqual(set(entries), {("pkg", "<module>"), ("pkg", "C"), ("pkg", "C.m"),
                                        ("pkg", "C.m.<locals>.<lambda>"),
                                        ("pkg.sub", "<module>"), ("pkg.sub.x", "<module>"), ("pkg.sub.x", "g")})
        self.assertEqual(entries[("pkg", "C.m")]["line"], 2)
        self.assertEqual(entries[("pkg.sub.x", "g")]["file"], os.path.join(pkg, "sub", "x.py"))
        for e in report["entries"]:
            self.assertIn(e["status"], ("native", "fallback"))
            self.assertTrue(e["reason"])
        self.assertEqual(entries[("pkg", "C")]["kind"], "class")
        self.assertEqual(entries[("pkg", "<module>")]["kind"], "module")
        self.assertEqual(report["summary"]["functions"], 7)

    def test_report_counts_typed_and_unboxed_values(self):
        # x and y: floats from constants and arithmetic; z: unknown (an argument).
        write(self.path("t.py"), "def f(z):\n    x = 1.5\n    y = x * 2.0 + x\n    return y + z\n")
        result = self.pyaot("build", self.path("t.py"), "-o", "t.so", "--report", "r.json")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path("r.json")) as f:
            entries = {e["qualname"]: e for e in json.load(f)["entries"]}
        values = entries["f"]["values"]
        # Locals are SSA values (promote-locals): 1.5, 2.0, x * 2.0 and the
        # sum y are four floats; x * 2.0 and y stay doubles (y + z takes
        # y's double and boxes its own result, which the return needs).
        self.assertEqual(values["typed"], 4, values)
        self.assertEqual(values["unboxed"], 2, values)
        self.assertGreater(values["total"], values["typed"])

    def test_color_only_when_asked_or_on_a_terminal(self):
        missing = self.path("nope")
        plain = self.pyaot("build", missing, "-o", "x.so")
        self.assertNotIn("\033[", plain.stderr)
        colored = self.pyaot("build", missing, "-o", "x.so", "--color", "always")
        self.assertIn("\033[1;31merror", colored.stderr)

    def test_single_module_with_abi_tagged_name(self):
        write(self.path("tool.py"), "def hello():\n    return 'hi from ' + __name__\n")
        os.makedirs(self.path("out"))
        out = self.path("out", "tool.cpython-311-x86_64-linux-gnu.so")
        self.assertEqual(self.pyaot("build", self.path("tool.py"), "-o", out).returncode, 0)
        run = pt.run_python("import tool; print(tool.hello(), tool.__file__ == %r)" % out,
                            self.path("out"), self.path("out"))
        self.assertEqual(run.stdout, "hi from tool True\n", run.stderr)

    # -- files besides the .so: depfile, excludes, data files ---------------
    def data_package(self):
        return self.package("my pkg", {
            "__init__.py": "from . import mod\n",
            "mod.py": "def f():\n    return 1\n",
            "sub/__init__.py": "",
            "sub/tool$.py": "",  # no module name: a data file
            "sub/table #1.csv": "1,2\n",
            "tests/__init__.py": "import nothing\n",
            "tests/test_mod.py": "",
            "__pycache__/mod.cpython-311.pyc": "",
        })

    def test_depfile_lists_the_output_and_every_file_read(self):
        pkg = self.data_package()
        for d, _, files in os.walk(pkg):  # sources older than the build
            for f in files:
                os.utime(os.path.join(d, f), (1e9, 1e9))
        os.makedirs(self.path("out dir"))
        result = self.pyaot("build", pkg, "-o", "out dir/p.so", "--module-name", "p",
                            "--depfile", "p.d", "--data-dir", "out dir", "--exclude", "my pkg/tests")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path("p.d")) as f:
            text = f.read()
        src = self.path("my pkg").replace(" ", "\\ ")
        self.assertEqual(text, "out\\ dir/p.so: \\\n" + "".join(f"  {src}/{rel} \\\n" for rel in (
            "__init__.py", "mod.py", "sub/__init__.py")) + f"  {src}/sub/table\\ \\#1.csv \\\n"
            f"  {src}/sub/tool$$.py\n")
        # make reads it: the output is up to date until a source changes.
        write(self.path("Makefile"), "out\\ dir/p.so:\n\t@echo rebuild\ninclude p.d\n")
        self.assertEqual(pt.run(["make", "-q", "out dir/p.so"], cwd=self.dir).returncode, 0)
        os.utime(os.path.join(pkg, "sub", "table #1.csv"))
        self.assertEqual(pt.run(["make", "-q", "out dir/p.so"], cwd=self.dir).returncode, 1)

    def test_data_dir_copies_files_that_are_no_modules(self):
        pkg = self.data_package()
        os.makedirs(self.path("out", "p"))
        result = self.pyaot("build", pkg, "-o", "out/p/__init__.so", "--module-name", "p",
                            "--data-dir", "out", "--exclude", "*/tests")
        self.assertEqual(result.returncode, 0, result.stderr)
        copied = sorted(os.path.relpath(os.path.join(d, f), self.path("out"))
                        for d, _, files in os.walk(self.path("out")) for f in files)
        self.assertEqual(copied, ["p/__init__.so", "p/sub/table #1.csv", "p/sub/tool$.py"])
        run = pt.run_python("import p, p.mod, p.sub\n"
                            "try:\n    import p.tests\nexcept ImportError:\n    print('left out')\n",
                            self.path("out"), self.dir)
        self.assertEqual(run.stdout, "left out\n", run.stderr)

    def test_excluding_the_top_module_is_a_usage_error(self):
        pkg = self.package()
        self.assertUsageError(self.pyaot("build", pkg, "-o", "pkg.so", "--exclude", "pkg"),
                              "--exclude leaves out the top module itself")

    def test_missing_data_dir_is_a_usage_error(self):
        self.assertUsageError(self.pyaot("build", self.package(), "-o", "pkg.so", "--data-dir",
                                         "nowhere"), "the data directory does not exist")


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
