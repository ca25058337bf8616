"""Compiled code under AddressSanitizer: every testdata program and package,
built with --sanitize=address (native code and runtime instrumented) and run
with the ASan runtime preloaded, behaves exactly as the source; an ASan
report would change stderr and the exit status."""
import glob
import os
import re
import subprocess
import sys
import unittest

import pyaot_testing as pt

PYAOT = None


def asan_runtime():
    try:
        path = subprocess.run(["clang-19", "-print-file-name=libclang_rt.asan-x86_64.so"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return path if os.path.isabs(path) and os.path.exists(path) else None


RUNTIME = asan_runtime()
# Cautions, not reports: said once when deep native recursion first moves
# to a new stack segment (runtime_shim/native_ops_calls.c), and for each
# allocation that returns NULL (a MemoryError, t_memory_error).
ASAN_NOTICES = re.compile(
    r"^==\d+==WARNING: (ASan doesn't fully support makecontext/swapcontext functions"
    r" and may produce false positives in some cases!"
    r"|AddressSanitizer failed to allocate 0x[0-9a-f]+ bytes)\n", re.M)


@unittest.skipUnless(RUNTIME, "the ASan runtime (libclang-rt-19-dev) is not installed")
class AddressSanitizerTest(unittest.TestCase):
    def test_programs_run_clean_under_asan(self):
        inputs = sorted(glob.glob("testdata/programs/*.py")) + sorted(
            p for p in glob.glob("testdata/packages/*") if os.path.isdir(p))
        self.assertGreater(len(inputs), 40)
        env = {"LD_PRELOAD": RUNTIME, "PYTHONMALLOC": "malloc",
               # CPython keeps objects alive at exit on purpose: not leaks.
               # A failed allocation returns NULL, as CPython expects
               # (t_memory_error), rather than ending the process.
               "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0:allocator_may_return_null=1"}
        for path in inputs:
            with self.subTest(program=os.path.basename(path)):
                expected, actual, built = pt.differential_run(
                    PYAOT, path, build_args=("--sanitize", "address"), compiled_env=env)
                self.assertEqual(built.returncode, 0, built.stderr)
                actual.stderr = ASAN_NOTICES.sub("", actual.stderr)
                self.assertNotIn("AddressSanitizer", actual.stderr)
                self.assertEqual(expected.stdout, actual.stdout)
                self.assertEqual(expected.stderr, actual.stderr,
                                 pt.diff_text("stderr", expected.stderr, actual.stderr))
                self.assertEqual(expected.returncode, actual.returncode)


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
