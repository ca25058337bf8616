"""Differential fuzzing: generated programs run from source and compiled.

For each seed, generate.py writes a program. Programs go in batches (--batch,
10) as the modules fzp.fz_SEED of one package: each runs from its source
(`python3.11 -c "import fzp.fz_SEED"`, a process of its own), the package is
compiled by one pyaot run at its default optimisation level, its sources
deleted, and each runs again from the .so alone, the same import in a process
of its own (as testdata/pyaot_testing.differential_run does for one program;
tracebacks name the same source paths both ways). Stdout, stderr and exit
status must be identical. A batch that fails to build is built again one
program at a time. A finding is a mismatch, a failed build, a compiled run
killed by a signal, or a run that timed out; each is saved under --out as
fz_SEED/ (program.py, both outputs, diff.txt). A mismatch whose source runs
disagree with each other is the generator's fault and counted apart. Exit
status 1 on any finding.

    python3.11 fuzz/run.py --pyaot bazel-bin/compiler/pyaot --seeds 0:200 -j 2

A long run, in chunks of 1,000 seeds (fuzz/README.md, fuzz/LONG_RUNS.md):

    nice -n 10 python3.11 fuzz/run.py --pyaot bazel-bin/compiler/pyaot --seeds 100000:101000 -j 2 \\
        --out /tmp/fuzz_findings 2>&1 | tee /tmp/fuzz.log

--refcount (leak mode) builds with --debug-python and runs both sides under
python3.11-dbg: the program's main() is called repeatedly and the growth of
sys.gettotalrefcount() per round compared; a compiled side that grows every
round while the source does not is a finding. Reduce a finding with
fuzz/reduce.py.
"""
import argparse
import ast
import atexit
import concurrent.futures
import os
import re
import shutil
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

KINDS = ("mismatch", "build", "crash", "leak", "timeout", "generator")

# Programs are built in batches: the modules of one package, one pyaot run
# (its startup, runtime code generation and link are shared; the optimising
# of each program's own code at the default level is most of a build).
PACKAGE = "fzp"
BATCH = 10


class Result:
    """What one seed gave: kind is None (agreement) or one of KINDS."""

    def __init__(self, seed, kind=None, detail="", files=None):
        self.seed, self.kind, self.detail, self.files = seed, kind, detail, files or {}
        self.outcomes = None  # (source, compiled) Outcomes when both ran


def module_name(seed):
    return f"fz_{seed}"


def import_name(seed):
    return f"{PACKAGE}.{module_name(seed)}"


def normalize_paths(text):
    """Traceback paths without the scratch directory they ran in."""
    return re.sub(r'File "[^"]*/(fz_\d+\.py)"', r'File "\1"', text)


class Sides:
    """How the programs of a batch are run: plain or in leak mode."""

    def __init__(self, refcount, build_args):
        self.refcount = refcount
        self.python = DEBUG_PYTHON if refcount else pt.PYTHON
        self.so_suffix = DEBUG_SUFFIX if refcount else ".so"
        self.build_args = (("--debug-python",) if refcount else ()) + tuple(build_args)

    def code(self, seed):
        if self.refcount:
            return MEASURE.format(name=import_name(seed), rounds=LEAK_ROUNDS, calls=LEAK_CALLS)
        return f"import {import_name(seed)}"

    def run(self, seed, pythonpath, cwd):
        """The program's Outcome, or None when it timed out."""
        try:
            return pt.Outcome(pt.run_python(self.code(seed), pythonpath, cwd, python=self.python))
        except pt.subprocess.TimeoutExpired:
            return None


def write_package(folder, programs):
    """The package PACKAGE below folder, one module per seed; its path."""
    package = os.path.join(folder, PACKAGE)
    os.makedirs(package)
    pt.write_files(package, {"__init__.py": ""})
    for seed, program in programs.items():
        with open(os.path.join(package, module_name(seed) + ".py"), "w") as f:
            f.write(program)
    return package


def source_outcome(sides, seed, program):
    """A fresh run of the program from its source, in another folder (to
    tell generator nondeterminism from a compiler's mismatch)."""
    root = pt.scratch_dir()
    try:
        write_package(root, {seed: program})
        os.makedirs(os.path.join(root, "cwd"))
        return sides.run(seed, root, os.path.join(root, "cwd"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def judge(sides, seed, program, expected, actual):
    """The Result of one program's source and compiled Outcomes."""
    if expected is None or actual is None:
        side = "source" if expected is None else "compiled"
        return Result(seed, "timeout", f"{side} run timed out ({pt.TIMEOUT} s)")
    files = {"source.out": expected.stdout, "source.err": expected.stderr,
             "compiled.out": actual.stdout, "compiled.err": actual.stderr}
    if actual.returncode < 0:
        return Result(seed, "crash", f"compiled run killed by signal {-actual.returncode}", files)
    if sides.refcount:
        return leak_judgement(seed, expected, actual, files)
    same = (expected.stdout, expected.stderr, expected.returncode) == \
           (actual.stdout, actual.stderr, actual.returncode)
    if same:
        return Result(seed) if expected.stdout else Result(seed, "generator", "printed nothing", files)
    files["diff.txt"] = (pt.diff_text("stdout", expected.stdout, actual.stdout)
                         + pt.diff_text("stderr", expected.stderr, actual.stderr)
                         + f"exit status: source {expected.returncode}, compiled {actual.returncode}\n")
    again = source_outcome(sides, seed, program)
    if again is None or (again.stdout, normalize_paths(again.stderr), again.returncode) != \
       (expected.stdout, normalize_paths(expected.stderr), expected.returncode):
        return Result(seed, "generator", f"{module_name(seed)}: two source runs differ", files)
    return Result(seed, "mismatch", first_difference(files["diff.txt"]), files)


def first_difference(diff):
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " | ".join(changed[:2])[:200]


def leak_judgement(seed, expected, actual, files):
    """Leak mode: reference-count growth per round, source vs compiled."""
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


def build_failure(seed, built, expected):
    """The Result of a program that failed to build by itself."""
    source_err = expected.stderr if expected else ""
    # The generator's fault if the source does not compile either.
    kind = "generator" if "SyntaxError" in source_err else "build"
    detail = f"pyaot exit {built.returncode}" if built else "pyaot timed out"
    return Result(seed, kind, detail, {"build.err": built.stderr if built else "",
                                       "source.err": source_err})


_cache_dir = None


def run_cache_dir():
    """A build cache of this process's own, removed at exit: the runtime's
    object is compiled once per run, and a long run leaves nothing in the
    user's cache (no program is built twice)."""
    global _cache_dir
    if _cache_dir is None:
        _cache_dir = tempfile.mkdtemp(prefix="pyaot-fuzz-cache-", dir=os.environ.get("TEST_TMPDIR"))
        atexit.register(shutil.rmtree, _cache_dir, ignore_errors=True)
    return _cache_dir


def run_batch(pyaot, seeds, refcount=False, build_args=(), programs=None):
    """Runs the programs of seeds (generated, or given as {seed: source})
    from source, builds them as the modules of one package, deletes the
    sources and runs each from the .so alone, each in its own process both
    ways; a Result per seed. A batch that fails to build is run again one
    program at a time, so that a failure is reported by the program that
    causes it."""
    sides = Sides(refcount, build_args)
    if programs is None:
        programs = {seed: generate.generate(seed) for seed in seeds}
    root = pt.scratch_dir()
    src, out, cwd = (os.path.join(root, d) for d in ("src", "out", "cwd"))
    os.makedirs(out)
    os.makedirs(cwd)
    try:
        package = write_package(src, programs)
        expected = {seed: sides.run(seed, src, cwd) for seed in seeds}
        try:
            built = pt.run([os.path.abspath(pyaot), "build", package, "-o", os.path.join(out, PACKAGE + sides.so_suffix),
                            "--cache-dir", run_cache_dir(), *sides.build_args],
                           timeout=pt.TIMEOUT + 30 * len(seeds))
        except pt.subprocess.TimeoutExpired:
            built = None
        if built is None or built.returncode != 0:
            if len(seeds) > 1:
                return [result for seed in seeds
                        for result in run_batch(pyaot, [seed], refcount, build_args,
                                                {seed: programs[seed]})]
            results = [build_failure(seeds[0], built, expected[seeds[0]])]
        else:
            shutil.rmtree(src)  # only the .so is deployed
            results = []
            for seed in seeds:
                actual = sides.run(seed, out, cwd)
                results.append(judge(sides, seed, programs[seed], expected[seed], actual))
                results[-1].outcomes = (expected[seed], actual)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for result in results:
        if result.kind:
            result.files["program.py"] = programs[result.seed]
    return results


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


def run_seeds(pyaot, seeds, jobs=2, out_dir=None, refcount=False, build_args=(), log=print,
              batch=BATCH):
    """Runs every seed, `batch` programs per build; returns the Results
    with a finding."""
    findings = []
    batches = [seeds[i:i + batch] for i in range(0, len(seeds), batch)]
    done = 0
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(run_batch, pyaot, part, refcount, build_args) for part in batches]
        for future in concurrent.futures.as_completed(futures):
            for result in future.result():
                done += 1
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
    if by_kind["timeout"]:
        line += f", {by_kind['timeout']} timeouts"
    if by_kind["generator"]:
        line += f", {by_kind['generator']} generator errors"
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pyaot", required=True)
    parser.add_argument("--seeds", required=True, help="A:B, or seeds and ranges joined by commas")
    parser.add_argument("--skip", default="", help="seeds to leave out, same form")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=BATCH, help="programs per pyaot build")
    parser.add_argument("--out", help="folder for the findings")
    parser.add_argument("--refcount", action="store_true", help="leak mode (python3.11-dbg)")
    parser.add_argument("--build-arg", action="append", default=[], help="extra pyaot build argument")
    args = parser.parse_args()
    skip = set(parse_seeds(args.skip))
    seeds = [s for s in parse_seeds(args.seeds) if s not in skip]
    start = time.time()
    findings = run_seeds(os.path.abspath(args.pyaot), seeds, args.jobs, args.out,
                         args.refcount, tuple(args.build_arg), log=lambda m: print(m, flush=True),
                         batch=args.batch)
    print(summary(len(seeds), findings), f"({time.time() - start:.0f} s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
