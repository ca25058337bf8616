"""Differential fuzzing: generated programs run from source and compiled.

For each seed, generate.py writes a program; it is run from its source,
compiled with pyaot, its source deleted, and run from the .so alone
(testdata/pyaot_testing.differential_run, as the differential tests do).
Stdout, stderr and exit status must be identical. A finding is a mismatch,
a failed build, or a compiled run killed by a signal (or a timeout); each is
saved under --out as fz_SEED/ (program.py, both outputs, diff.txt). A
mismatch whose source runs disagree with each other is the generator's
fault and counted apart. Exit status 1 on any finding.

    python3.11 fuzz/run.py --pyaot bazel-bin/compiler/pyaot --seeds 0:200 -j 2

A long run (measured: 400 to 1,100 programs an hour on 2 cores, by their load):

    python3.11 fuzz/run.py --pyaot bazel-bin/compiler/pyaot --seeds 0:10000 -j 2 \\
        --out /tmp/fuzz_findings 2>&1 | tee /tmp/fuzz.log

--refcount (leak mode) builds with --debug-python and runs both sides under
python3.11-dbg: the program's main() is called repeatedly and the growth of
sys.gettotalrefcount() per round compared; a compiled side that grows every
round while the source does not is a finding. Reduce a finding with
fuzz/reduce.py.
"""
import argparse
import ast
import concurrent.futures
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "testdata"))

import generate  # noqa: E402
import pyaot_testing as pt  # noqa: E402

DEBUG_PYTHON = "/usr/bin/python3.11-dbg"
DEBUG_SUFFIX = ".cpython-311d-x86_64-linux-gnu.so"

# Leak mode: import the program with its output discarded (an uncaught
# exception at its end is expected: main is then found in its frames), warm
# up, then measure sys.gettotalrefcount() over rounds of main() calls.
MEASURE = r"""
import gc, importlib, os, sys
sink = open(os.devnull, "w")
sys.stdout = sys.stderr = sink
try:
    main = importlib.import_module({name!r}).main
except BaseException as e:
    main, tb = None, e.__traceback__
    while tb is not None:
        main = tb.tb_frame.f_globals.get("main", main) if tb.tb_frame.f_globals.get("__name__") == {name!r} else main
        tb = tb.tb_next
main()
main()
deltas = [0] * {rounds}
for k in range({rounds}):
    gc.collect()
    before = sys.gettotalrefcount()
    for _ in range({calls}):
        main()
    gc.collect()
    deltas[k] = sys.gettotalrefcount() - before
sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
sink.close()
print(deltas)
"""
LEAK_ROUNDS, LEAK_CALLS = 4, 2

KINDS = ("mismatch", "build", "crash", "leak", "generator")


class Result:
    """What one seed gave: kind is None (agreement) or one of KINDS."""

    def __init__(self, seed, kind=None, detail="", files=None):
        self.seed, self.kind, self.detail, self.files = seed, kind, detail, files or {}


def module_name(seed):
    return f"fz_{seed}"


def normalize_paths(text):
    """Traceback paths without the scratch directory they ran in."""
    return re.sub(r'File "[^"]*/(fz_\d+\.py)"', r'File "\1"', text)


def source_outcome(program_path):
    """A fresh run of the program from its source (to tell generator
    nondeterminism from a compiler's mismatch)."""
    folder, name = os.path.split(program_path)
    cwd = pt.scratch_dir()
    result = pt.run_python(f"import {name[:-3]}", folder, cwd)
    os.rmdir(cwd)
    return result


def differential(pyaot, seed, program_path, **options):
    """(source Outcome, compiled Outcome, their outputs by file name, Result):
    the Result is set when the build failed or the compiled run died."""
    try:
        expected, actual, built = pt.differential_run(pyaot, program_path, **options)
    except pt.subprocess.TimeoutExpired as timeout:
        return None, None, {}, Result(seed, "crash", f"timeout: {timeout}")
    if built.returncode != 0:  # the generator's fault if the source does not compile either
        kind = "generator" if "SyntaxError" in expected.stderr else "build"
        return None, None, {}, Result(seed, kind, f"pyaot exit {built.returncode}",
                                      {"build.err": built.stderr, "source.err": expected.stderr})
    files = {"source.out": expected.stdout, "source.err": expected.stderr,
             "compiled.out": actual.stdout, "compiled.err": actual.stderr}
    if actual.returncode < 0:
        return None, None, {}, Result(seed, "crash", f"compiled run killed by signal {-actual.returncode}", files)
    return expected, actual, files, None


def compare(pyaot, seed, program_path, build_args=()):
    """Runs one program both ways; a Result."""
    name = os.path.basename(program_path)[:-3]
    expected, actual, files, failed = differential(pyaot, seed, program_path, build_args=build_args)
    if failed:
        return failed
    same = (expected.stdout, expected.stderr, expected.returncode) == \
           (actual.stdout, actual.stderr, actual.returncode)
    if same:
        return Result(seed) if expected.stdout else Result(seed, "generator", "printed nothing", files)
    files["diff.txt"] = (pt.diff_text("stdout", expected.stdout, actual.stdout)
                         + pt.diff_text("stderr", expected.stderr, actual.stderr)
                         + f"exit status: source {expected.returncode}, compiled {actual.returncode}\n")
    again = source_outcome(program_path)
    if (again.stdout, normalize_paths(again.stderr), again.returncode) != \
       (expected.stdout, normalize_paths(expected.stderr), expected.returncode):
        return Result(seed, "generator", f"{name}: two source runs differ", files)
    return Result(seed, "mismatch", first_difference(files["diff.txt"]), files)


def first_difference(diff):
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " | ".join(changed[:2])[:200]


def leak_compare(pyaot, seed, program_path):
    """Leak mode: reference-count growth per round, source vs compiled."""
    code = MEASURE.format(name=module_name(seed), rounds=LEAK_ROUNDS, calls=LEAK_CALLS)
    expected, actual, files, failed = differential(
        pyaot, seed, program_path, import_code=code, build_args=("--debug-python",),
        python=DEBUG_PYTHON, so_suffix=DEBUG_SUFFIX)
    if failed:
        return failed
    try:
        source_deltas = ast.literal_eval(expected.stdout)
        compiled_deltas = ast.literal_eval(actual.stdout)
    except (ValueError, SyntaxError):
        kind = "generator" if expected.returncode else "mismatch"
        return Result(seed, kind, "leak measurement failed", files)
    # Both sides run the same deterministic calls, so their rounds share
    # the interpreter's own ups and downs (caches, free lists); a leak makes
    # the compiled side grow more in every round, a cache filled once not.
    if all(c > s for c, s in zip(compiled_deltas[1:], source_deltas[1:])):
        return Result(seed, "leak", f"refcount deltas per round: source {source_deltas},"
                                    f" compiled {compiled_deltas}", files)
    return Result(seed)


def run_seed(pyaot, seed, refcount=False, build_args=()):
    folder = tempfile.mkdtemp(prefix="fuzz_", dir=os.environ.get("TEST_TMPDIR"))
    path = os.path.join(folder, module_name(seed) + ".py")
    program = generate.generate(seed)
    with open(path, "w") as f:
        f.write(program)
    try:
        result = leak_compare(pyaot, seed, path) if refcount else compare(pyaot, seed, path, build_args)
    finally:
        os.remove(path)
        os.rmdir(folder)
    result.files["program.py"] = program
    return result


def save(result, out_dir):
    folder = os.path.join(out_dir, module_name(result.seed))
    os.makedirs(folder, exist_ok=True)
    for name, text in result.files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    with open(os.path.join(folder, "kind.txt"), "w") as f:
        f.write(f"{result.kind}: {result.detail}\n")


def parse_seeds(spec):
    """'A:B' (B excluded) and single seeds, comma-separated."""
    seeds = []
    for part in spec.split(","):
        if ":" in part:
            lo, hi = part.split(":")
            seeds.extend(range(int(lo), int(hi)))
        elif part:
            seeds.append(int(part))
    return seeds


def run_seeds(pyaot, seeds, jobs=2, out_dir=None, refcount=False, build_args=(), log=print):
    """Runs every seed; returns the Results with a finding."""
    findings = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(run_seed, pyaot, seed, refcount, build_args) for seed in seeds]
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            result = future.result()
            if result.kind:
                findings.append(result)
                log(f"seed {result.seed}: {result.kind}: {result.detail}")
                if out_dir:
                    save(result, out_dir)
            if done % 100 == 0:
                log(f"{done} programs, {len(findings)} findings")
    return sorted(findings, key=lambda r: r.seed)


def summary(count, findings):
    by_kind = {kind: sum(1 for r in findings if r.kind == kind) for kind in KINDS}
    line = (f"fuzz: {count} programs, {by_kind['mismatch']} mismatches, "
            f"{by_kind['build']} build failures, {by_kind['crash']} crashes")
    if by_kind["leak"]:
        line += f", {by_kind['leak']} leaks"
    if by_kind["generator"]:
        line += f", {by_kind['generator']} generator errors"
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pyaot", required=True)
    parser.add_argument("--seeds", required=True, help="A:B, or seeds and ranges joined by commas")
    parser.add_argument("--skip", default="", help="seeds to leave out, same form")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--out", help="folder for the findings")
    parser.add_argument("--refcount", action="store_true", help="leak mode (python3.11-dbg)")
    parser.add_argument("--build-arg", action="append", default=[], help="extra pyaot build argument")
    args = parser.parse_args()
    skip = set(parse_seeds(args.skip))
    seeds = [s for s in parse_seeds(args.seeds) if s not in skip]
    start = time.time()
    findings = run_seeds(os.path.abspath(args.pyaot), seeds, args.jobs, args.out,
                         args.refcount, tuple(args.build_arg), log=lambda m: print(m, flush=True))
    print(summary(len(seeds), findings), f"({time.time() - start:.0f} s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
