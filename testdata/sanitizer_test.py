"""Compiled code under AddressSanitizer and UndefinedBehaviorSanitizer: every
testdata program and package, built with --sanitize=address,undefined (native
code and runtime under ASan, the runtime's C under UBSan's checks) and run
with the ASan runtime (which holds UBSan's too) preloaded, behaves exactly as
the source; a report would change stderr and the exit status. Also: a
--sanitize=undefined build alone runs in a plain python3.11 (the .so names
the UBSan runtime itself)."""
import glob
import os
import re
import subprocess
import sys
import unittest

import pyaot_testing as pt

PYAOT = None


def clang_runtime(name):
    try:
        path = subprocess.run(["clang-19", f"-print-file-name={name}"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return path if os.path.isabs(path) and os.path.exists(path) else None


ASAN_RUNTIME = clang_runtime("libclang_rt.asan-x86_64.so")
# A finding stops the run with a stack trace (the checks do not recover anyway).
UBSAN_OPTIONS = "halt_on_error=1:print_stacktrace=1"
# UBSan's report reads "file:line:col: runtime error: ...".
UBSAN_REPORT = "runtime error:"
# Cautions, not reports: said once when deep native recursion first moves
# to a new stack segment (runtime_shim/native_ops_calls.c), and for each
# allocation that returns NULL (a MemoryError, t_memory_error).
ASAN_NOTICES = re.compile(
    r"^==\d+==WARNING: (ASan doesn't fully support makecontext/swapcontext functions"
    r" and may produce false positives in some cases!"
    r"|AddressSanitizer failed to allocate 0x[0-9a-f]+ bytes)\n", re.M)


@unittest.skipUnless(ASAN_RUNTIME, "the sanitizer runtimes (libclang-rt-19-dev) are not installed")
class SanitizerTest(unittest.TestCase):
    def assert_clean_and_same(self, expected, actual, built):
        self.assertEqual(built.returncode, 0, built.stderr)
        actual.stderr = ASAN_NOTICES.sub("", actual.stderr)
        self.assertNotIn("AddressSanitizer", actual.stderr)
        self.assertNotIn(UBSAN_REPORT, actual.stderr)
        self.assertEqual(expected.stdout, actual.stdout)
        self.assertEqual(expected.stderr, actual.stderr,
                         pt.diff_text("stderr", expected.stderr, actual.stderr))
        self.assertEqual(expected.returncode, actual.returncode)

    def test_programs_run_clean_under_asan_and_ubsan(self):
        inputs = sorted(glob.glob("testdata/programs/*.py")) + sorted(
            p for p in glob.glob("testdata/packages/*") if os.path.isdir(p))
        self.assertGreater(len(inputs), 40)
        env = {"LD_PRELOAD": ASAN_RUNTIME, "PYTHONMALLOC": "malloc",
               # CPython keeps objects alive at exit on purpose: not leaks.
               # A failed allocation returns NULL, as CPython expects
               # (t_memory_error), rather than ending the process.
               "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0:allocator_may_return_null=1",
               "UBSAN_OPTIONS": UBSAN_OPTIONS}
        for path in inputs:
            with self.subTest(program=os.path.basename(path)):
                self.assert_clean_and_same(*pt.differential_run(
                    PYAOT, path, build_args=("--sanitize", "address,undefined"),
                    compiled_env=env))

    def test_undefined_alone_needs_no_preload(self):
        self.assert_clean_and_same(*pt.differential_run(
            PYAOT, "testdata/programs/t_int_trees.py",
            build_args=("--sanitize", "undefined"),
            compiled_env={"UBSAN_OPTIONS": UBSAN_OPTIONS}))


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
