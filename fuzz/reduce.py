"""Shrinks a failing fuzz program to a short repro.

    python3.11 fuzz/reduce.py --pyaot bazel-bin/compiler/pyaot FINDING/program.py -o repro.py

Each candidate is built and run exactly as run.py found the finding: the
module fzp.fz_SEED of a package (SEED from the finding's folder fz_SEED, or
--seed), imported in a process of its own from source and from the .so
alone. The program's failure is classified as run.py does (mismatch, build
failure, crash, leak with --refcount) together with which of stdout, stderr
and exit status differ; a candidate is kept while it fails the same way. Candidates come from the
program's `ast`: chunks of every statement list and of every tuple or list
display removed (delta debugging, halving the chunk size down to single
items), and compound statements (if, for, while, with, try) replaced by
their bodies. Each candidate is compiled and run both ways, so a reduction
takes minutes; --max-tests bounds it.
"""
import argparse
import ast
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "testdata"))

import run  # noqa: E402

# Known differences (issue 11) that a reduction must not drift into.
KNOWN_NOISE = ("Did you mean",)


class Oracle:
    """Does a candidate fail the way the original does?"""

    def __init__(self, pyaot, seed, build_args=(), max_tests=400, refcount=False):
        self.pyaot, self.seed, self.build_args = pyaot, seed, tuple(build_args)
        self.refcount = refcount
        self.max_tests, self.tests, self.cache = max_tests, 0, {}
        self.target = None

    def signature(self, source):
        """(kind, what differs) of one program, or None when it agrees."""
        result = run.run_batch(self.pyaot, [self.seed], self.refcount, self.build_args,
                               programs={self.seed: source})[0]
        if result.kind is None or result.kind == "generator":
            return None
        if result.kind != "mismatch":
            return (result.kind,) + ((result.detail,) if result.kind in ("build", "crash") else ())
        expected, actual = result.outcomes
        if any(noise in actual.stderr + expected.stderr for noise in KNOWN_NOISE):
            return ("noise",)
        differs = tuple(name for name, a, b in (
            ("stdout", expected.stdout, actual.stdout), ("stderr", expected.stderr, actual.stderr),
            ("exit", expected.returncode, actual.returncode)) if a != b)
        return ("mismatch", differs)

    def __call__(self, source):
        if source not in self.cache:
            if self.tests >= self.max_tests:
                return False
            self.tests += 1
            self.cache[source] = self.signature(source)
        return self.cache[source] == self.target


def sequences(tree):
    """(node, field) of every statement list and display, in a stable order."""
    found = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            items = getattr(node, field, None)
            if isinstance(items, list) and items:
                found.append((node, field))
        if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) > 1:
            found.append((node, "elts"))
    return found


def edited(source, index, transform):
    """The source with transform applied to its index-th sequence, or None."""
    tree = ast.parse(source)
    seqs = sequences(tree)
    if index >= len(seqs):
        return None
    node, field = seqs[index]
    items = transform(getattr(node, field))
    if items is None:
        return None
    if not items and field == "body":
        items = [ast.Pass()]
    setattr(node, field, items)
    try:
        text = ast.unparse(ast.fix_missing_locations(tree))
        compile(text, "<candidate>", "exec")
    except (SyntaxError, ValueError):
        return None
    return text


def unwrap(items, at):
    """Replaces the compound statement at `at` by its body."""
    stmt = items[at]
    if not isinstance(stmt, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.TryStar)):
        return None
    return items[:at] + stmt.body + items[at + 1:]


def sequence_length(source, index):
    seqs = sequences(ast.parse(source))
    return len(getattr(*seqs[index])) if index < len(seqs) else 0


def reduce_source(source, fails, log=lambda message: None):
    """The smallest variant of source found for which fails(variant) holds."""
    best = ast.unparse(ast.parse(source))
    changed = True
    while changed:
        changed = False
        index = 0
        while index < len(sequences(ast.parse(best))):
            chunk = sequence_length(best, index)
            while chunk >= 1:
                start = 0
                while start < sequence_length(best, index):
                    candidate = edited(best, index,
                                       lambda items: items[:start] + items[start + chunk:])
                    if candidate and candidate != best and fails(candidate):
                        best, changed = candidate, True
                        log(f"{len(best.splitlines())} lines")
                    else:
                        start += chunk
                chunk //= 2
            at = 0
            while at < sequence_length(best, index):
                candidate = edited(best, index, lambda items: unwrap(items, at))
                if candidate and fails(candidate):
                    best, changed = candidate, True
                else:
                    at += 1
            index += 1
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pyaot", required=True)
    parser.add_argument("program")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int,
                        help="the module is fzp.fz_SEED (default: SEED of the finding's folder fz_SEED)")
    parser.add_argument("--refcount", action="store_true", help="a leak found in leak mode")
    parser.add_argument("--max-tests", type=int, default=400)
    parser.add_argument("--build-arg", action="append", default=[])
    args = parser.parse_args()
    with open(args.program) as f:
        source = f.read()
    seed = args.seed
    if seed is None:
        folder = re.fullmatch(r"fz_(\d+)", os.path.basename(os.path.dirname(os.path.abspath(args.program))))
        seed = int(folder.group(1)) if folder else 0
    oracle = Oracle(os.path.abspath(args.pyaot), seed, args.build_arg, args.max_tests, args.refcount)
    oracle.target = oracle.signature(source)
    if oracle.target is None or oracle.target == ("noise",):
        print(f"reduce: {args.program} does not fail ({oracle.target})")
        return 1
    print("reduce: failure", oracle.target, flush=True)
    best = reduce_source(source, oracle, log=lambda m: print("reduce:", m, flush=True))
    with open(args.output, "w") as f:
        f.write(best)
    print(f"reduce: {len(source.splitlines())} -> {len(best.splitlines())} lines, {oracle.tests} tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
