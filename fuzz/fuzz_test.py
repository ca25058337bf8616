"""The fuzzer in CI: a fixed seed set, each program run from source and
compiled (run.py), must agree; and the generator and reducer behave."""
import ast
import os
import stat
import sys
import unittest

import generate
import reduce
import run

PYAOT = None
# Under 3 minutes: 8 seeds took 26 s of the test's time in a quiet CI run,
# and 31 more ran in 85 s on 2 cores shared with another fuzz run.
# A seed that hits an open finding (fuzz/findings/) is left out until it
# is fixed; none is now.
SEEDS = list(range(0, 40))


class GeneratorTest(unittest.TestCase):
    def test_programs_are_valid_deterministic_and_differ(self):
        programs = [generate.generate(seed) for seed in range(40)]
        for program in programs:
            ast.parse(program)
        self.assertEqual(programs[:5], [generate.generate(seed) for seed in range(5)])
        self.assertEqual(len(set(programs)), len(programs))


class ReducerTest(unittest.TestCase):
    def test_keeps_the_failure_and_drops_the_rest(self):
        program = generate.generate(7)

        def fails(source):  # stands for "compiled output differs"
            return "s[:40]" in source
        self.assertTrue(fails(program))
        reduced = reduce.reduce_source(program, fails)
        self.assertTrue(fails(reduced))
        self.assertLess(len(reduced.splitlines()), 6, reduced)


def fake_pyaot(folder, edit):
    """A pyaot that compiles the program after `edit` (Python code changing
    the text `source`), so that the compiled side misbehaves."""
    path = os.path.join(folder, "fake_pyaot")
    with open(path, "w") as f:
        f.write(f"""#!{sys.executable}
import os, sys
args = sys.argv[1:]
program = args[1]
source = open(program).read()
{edit}
open(program, "w").write(source)
os.execv({os.path.abspath(PYAOT)!r}, [{os.path.abspath(PYAOT)!r}] + args)
""")
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    return path


class RunnerTest(unittest.TestCase):
    def test_reports_a_mismatch_and_a_failed_build(self):
        folder = run.pt.scratch_dir()
        wrong = fake_pyaot(folder, "source = 'print(1)\\n' + source")
        self.assertEqual([r.kind for r in run.run_seeds(wrong, [3])], ["mismatch"])
        broken = fake_pyaot(folder, "sys.exit(3)")
        self.assertEqual([r.kind for r in run.run_seeds(broken, [3])], ["build"])


class FuzzSeedsTest(unittest.TestCase):
    def test_compiled_programs_behave_as_source(self):
        findings = run.run_seeds(PYAOT, SEEDS, jobs=2)
        details = "\n".join(f"seed {r.seed}: {r.kind}: {r.detail}" for r in findings)
        self.assertEqual(findings, [], run.summary(len(SEEDS), findings) + "\n" + details)


if __name__ == "__main__":
    PYAOT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
