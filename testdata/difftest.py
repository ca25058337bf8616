"""Differential test of one testdata program or package (see pyaot_testing)."""
import sys
import unittest

import pyaot_testing as pt

PYAOT = None
TARGET = None


class Differential(unittest.TestCase):
    def test_compiled_behaves_as_source(self):
        expected, actual, built = pt.differential_run(PYAOT, TARGET)
        self.assertEqual(built.returncode, 0, "pyaot build failed:\n" + built.stderr)
        self.assertEqual(expected.stdout, actual.stdout,
                         pt.diff_text("stdout", expected.stdout, actual.stdout))
        self.assertEqual(expected.stderr, actual.stderr,
                         pt.diff_text("stderr", expected.stderr, actual.stderr))
        self.assertEqual(expected.returncode, actual.returncode)
        # A program that prints nothing proves nothing.
        self.assertTrue(expected.stdout, "the program printed nothing")


if __name__ == "__main__":
    PYAOT, TARGET = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1])
