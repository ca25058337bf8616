#!/usr/bin/env python3.11
"""Benchmark runner: source module vs. the pyaot-compiled extension module.

For every program bench/programs/b_<name>.py (or only those named on the
command line) this script

  1. compiles it with ``pyaot build`` into a temporary directory,
  2. runs, in fresh child processes of the target interpreter, the SOURCE
     module (PYTHONPATH = a directory holding only a copy of the .py) and the
     COMPILED module (PYTHONPATH = a directory holding only the .so); each
     child imports the module, times ``run(n)`` alone with
     time.perf_counter and prints elapsed time, checksum and its peak RSS,
  3. alternates source and compiled runs ``--runs`` times each, and reports
     the fastest run of each side, the speedup (source / compiled), the
     peak RSS of both sides and the compiled/source RSS ratio, with geometric
     means over all programs and over the numeric ones (``NUMERIC = True``),
  4. fails (exit code 1) when a checksum differs between the two sides (or
     between runs of one side), or when a build or a child fails,
  5. with ``--compare BASELINE.json`` (an earlier ``--json``), flags every
     program whose speedup fell by more than ``--tolerance`` (exit code 1).

Standard library only; run it with Python 3.11:

    python3.11 bench/run.py [NAME ...] [--runs 5] [--n N] [--json FILE]
                            [--compare BASELINE.json]
"""

import argparse
import ast
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
PROGRAMS_DIR = os.path.join(BENCH_DIR, "programs")
DEFAULT_PYAOT = os.path.join("bazel-bin", "compiler", "pyaot")
DEFAULT_PYTHON = "/usr/bin/python3.11"

MARKER = "@@PYAOT-BENCH@@ "

# The child: import the module, time run(n) only, report as one JSON line.
CHILD_CODE = r"""
import importlib, json, resource, sys, time
name, n_arg, marker = sys.argv[1], sys.argv[2], sys.argv[3]
mod = importlib.import_module(name)
n = mod.DEFAULT_N if n_arg == "" else int(n_arg)
run = mod.run
t0 = time.perf_counter()
c0 = time.process_time()
result = run(n)
cpu = time.process_time() - c0
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stdout.flush()
print(marker + json.dumps({
    "elapsed": elapsed,
    "cpu": cpu,
    "checksum": repr(result),
    "checksum_type": type(result).__name__,
    "n": n,
    "maxrss_kib": rss,
    "file": getattr(mod, "__file__", None),
}))
"""


class BenchError(Exception):
    """A failure for one program (build, child, or checksum)."""


def discover_programs():
    names = []
    for fn in sorted(os.listdir(PROGRAMS_DIR)):
        if fn.startswith("b_") and fn.endswith(".py"):
            names.append(fn[:-3])
    return names


def is_numeric(name):
    """True when the program's module sets NUMERIC = True (read from its source, not imported)."""
    with open(os.path.join(PROGRAMS_DIR, name + ".py")) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "NUMERIC"):
            return isinstance(node.value, ast.Constant) and node.value.value is True
    return False


def normalize_name(arg):
    base = os.path.basename(arg)
    if base.endswith(".py"):
        base = base[:-3]
    if not base.startswith("b_"):
        base = "b_" + base
    return base


def resolve_pyaot(value):
    if value is None:
        return os.path.join(REPO_ROOT, DEFAULT_PYAOT)
    value = os.path.expanduser(value)
    if os.path.isabs(value):
        return value
    # A relative path: try the current directory first, then the repo root.
    here = os.path.abspath(value)
    if os.path.exists(here):
        return here
    return os.path.join(REPO_ROOT, value)


def child_env(pythonpath):
    env = dict(os.environ)
    for var in ("PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT", "PYTHONPROFILEIMPORTTIME"):
        env.pop(var, None)
    env["PYTHONPATH"] = pythonpath
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def format_failure(what, proc_or_msg):
    if isinstance(proc_or_msg, str):
        return "%s: %s" % (what, proc_or_msg)
    p = proc_or_msg
    parts = ["%s: exit code %s" % (what, p.returncode)]
    if p.stdout and p.stdout.strip():
        parts.append("--- stdout ---\n" + p.stdout.rstrip())
    if p.stderr and p.stderr.strip():
        parts.append("--- stderr ---\n" + p.stderr.rstrip())
    return "\n".join(parts)


def compile_program(pyaot, src_path, out_path, report_path, timeout):
    cmd = [pyaot, "build", src_path, "-o", out_path, "--report", report_path]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           cwd=os.path.dirname(out_path))
    except subprocess.TimeoutExpired:
        raise BenchError("pyaot build timed out after %ss: %s" % (timeout, " ".join(cmd)))
    except OSError as e:
        raise BenchError("cannot run pyaot (%s): %s" % (pyaot, e))
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise BenchError(format_failure("pyaot build failed (%s)" % " ".join(cmd), p))
    if not os.path.isfile(out_path):
        raise BenchError("pyaot build succeeded but wrote no %s" % out_path)
    return dt


def read_report(report_path):
    """native/fallback counts from `pyaot build --report`, or None if unreadable."""
    try:
        with open(report_path) as f:
            summary = json.load(f)["summary"]
        return {"native": int(summary["native"]), "fallback": int(summary["fallback"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_child(python, module, moddir, n, timeout, side):
    cmd = [python, "-s", "-c", CHILD_CODE, module, "" if n is None else str(n), MARKER]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           cwd=moddir, env=child_env(moddir))
    except subprocess.TimeoutExpired:
        raise BenchError("%s child timed out after %ss" % (side, timeout))
    except OSError as e:
        raise BenchError("cannot run %s: %s" % (python, e))
    if p.returncode != 0:
        raise BenchError(format_failure("%s child failed" % side, p))
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith(MARKER)]
    if not lines:
        raise BenchError(format_failure("%s child printed no result" % side, p))
    try:
        data = json.loads(lines[-1][len(MARKER):])
    except ValueError as e:
        raise BenchError("%s child printed bad JSON (%s): %r" % (side, e, lines[-1]))
    # Make sure the child imported what we meant to measure.
    f = data.get("file") or ""
    want = ".so" if side == "compiled" else ".py"
    if not f.endswith(want) or os.path.dirname(os.path.abspath(f)) != os.path.abspath(moddir):
        raise BenchError("%s child imported %r, expected a %s file in %s" % (side, f, want, moddir))
    return data


def summarize_side(results):
    times = [r["elapsed"] for r in results]
    rss = [r["maxrss_kib"] for r in results]
    return {
        "times": times,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "cpu_times": [r["cpu"] for r in results],
        "cpu_min": min(r["cpu"] for r in results),
        "maxrss_kib": rss,
        "peak_rss_kib": max(rss),
        "checksums": sorted(set(r["checksum"] for r in results)),
        "checksum": results[0]["checksum"],
        "checksum_type": results[0]["checksum_type"],
        "n": results[0]["n"],
    }


def bench_program(name, args, pyaot, workdir):
    src = os.path.join(PROGRAMS_DIR, name + ".py")
    if not os.path.isfile(src):
        raise BenchError("no such program: %s" % src)
    pdir = os.path.join(workdir, name)
    src_dir = os.path.join(pdir, "source")
    so_dir = os.path.join(pdir, "compiled")
    os.makedirs(src_dir)
    os.makedirs(so_dir)
    src_copy = os.path.join(src_dir, name + ".py")
    shutil.copyfile(src, src_copy)
    so_path = os.path.join(so_dir, name + ".so")
    report_path = os.path.join(pdir, "report.json")

    record = {"name": name, "status": "error", "error": None, "numeric": is_numeric(name)}
    compile_s = compile_program(pyaot, src_copy, so_path, report_path, args.timeout)
    record["compile_seconds"] = compile_s
    record["so_bytes"] = os.path.getsize(so_path)
    record["report"] = read_report(report_path)
    # The compiled side must see only the .so.
    extra = sorted(set(os.listdir(so_dir)) - {name + ".so"})
    if extra:
        raise BenchError("compiled directory holds more than the .so: %s" % extra)

    print("  built %s.so in %.2fs (%d KiB; native: %s code objects)"
          % (name, compile_s, record["so_bytes"] // 1024, native_cell(record)), flush=True)
    results = {"source": [], "compiled": []}
    for i in range(args.runs):
        for side, moddir in (("source", src_dir), ("compiled", so_dir)):
            data = run_child(args.python, name, moddir, args.n, args.timeout, side)
            results[side].append(data)
            print("  run %d/%d %-8s %8.4fs  rss %7d KiB  checksum %s"
                  % (i + 1, args.runs, side, data["elapsed"], data["maxrss_kib"],
                     shorten(data["checksum"], 48)), flush=True)
    s = summarize_side(results["source"])
    c = summarize_side(results["compiled"])
    record["source"] = s
    record["compiled"] = c
    record["n"] = s["n"]
    # The fastest run is the one least disturbed by other work on the machine.
    record["speedup"] = s["min"] / c["min"] if c["min"] > 0 else float("inf")
    record["speedup_cpu"] = s["cpu_min"] / c["cpu_min"] if c["cpu_min"] > 0 else float("inf")
    record["speedup_median"] = s["median"] / c["median"] if c["median"] > 0 else float("inf")
    record["rss_ratio"] = c["peak_rss_kib"] / s["peak_rss_kib"] if s["peak_rss_kib"] else None

    problems = []
    if len(s["checksums"]) != 1:
        problems.append("source checksums differ between runs: %s" % s["checksums"])
    if len(c["checksums"]) != 1:
        problems.append("compiled checksums differ between runs: %s" % c["checksums"])
    if s["checksums"] != c["checksums"]:
        problems.append("checksum mismatch: source %s (%s) vs compiled %s (%s)"
                        % (s["checksums"], s["checksum_type"], c["checksums"], c["checksum_type"]))
    if problems:
        record["status"] = "mismatch"
        record["error"] = "; ".join(problems)
    else:
        record["status"] = "ok"
    return record


def native_cell(record):
    rep = record.get("report")
    if not rep:
        return "-"
    return "%d/%d" % (rep["native"], rep["native"] + rep["fallback"])


def shorten(text, width):
    return text if len(text) <= width else text[: width - 3] + "..."


def geomean(values):
    values = [v for v in values if v and v > 0 and math.isfinite(v)]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def print_table(records):
    header = ("program", "numeric", "n", "source s", "compiled s", "speedup", "CPU speedup",
              "src RSS MiB", "cmp RSS MiB", "RSS ratio", "native", "status")
    rows = []
    for r in records:
        if r.get("source") and r.get("compiled"):
            rows.append((
                r["name"], "yes" if r.get("numeric") else "", str(r["n"]),
                "%.4f" % r["source"]["min"], "%.4f" % r["compiled"]["min"],
                "%.3f" % r["speedup"], "%.3f" % r["speedup_cpu"],
                "%.1f" % (r["source"]["peak_rss_kib"] / 1024.0),
                "%.1f" % (r["compiled"]["peak_rss_kib"] / 1024.0),
                "%.3f" % r["rss_ratio"] if r["rss_ratio"] is not None else "-",
                native_cell(r),
                r["status"].upper() if r["status"] != "ok" else "ok",
            ))
        else:
            rows.append((r["name"], "yes" if r.get("numeric") else "", "-", "-", "-", "-", "-", "-",
                         "-", "-", "-", r["status"].upper()))
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) if rows else len(header[i])
              for i in range(len(header))]

    def fmt(row):
        cells = []
        for i, cell in enumerate(row):
            if i == 0 or i == len(row) - 1:
                cells.append(cell.ljust(widths[i]))
            else:
                cells.append(cell.rjust(widths[i]))
        return "  ".join(cells).rstrip()

    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(fmt(row))
    print("  ".join("-" * w for w in widths))


def summarize_records(records):
    """Geometric means over the programs that passed (all, and the numeric ones)."""
    ok = [r for r in records if r["status"] == "ok"]
    numeric = [r for r in ok if r.get("numeric")]
    return {
        "programs_ok": len(ok),
        "programs_numeric_ok": len(numeric),
        "geomean_speedup": geomean([r["speedup"] for r in ok]),
        "geomean_speedup_numeric": geomean([r["speedup"] for r in numeric]),
        "geomean_speedup_cpu": geomean([r["speedup_cpu"] for r in ok]),
        "geomean_speedup_cpu_numeric": geomean([r["speedup_cpu"] for r in numeric]),
        "geomean_rss_ratio": geomean([r["rss_ratio"] for r in ok if r.get("rss_ratio")]),
    }


def compare_to_baseline(records, baseline, tolerance, by="cpu"):
    """One row per program run now: its speedup then and now, and a verdict.

    The speedup (source time / compiled time, both measured in the same run)
    is compared rather than the compiled time alone, so that a busier or
    quieter machine than the baseline's does not by itself flag a program;
    by="cpu" compares the CPU-time speedups (steadier on a shared machine;
    the wall-clock ones when a record has none), by="wall" the wall-clock ones.
    SLOWER: the speedup fell below baseline / (1 + tolerance); FASTER: rose
    above baseline * (1 + tolerance); NEW: not in the baseline; OTHER-N: run
    with another n than the baseline's (not compared); FAILED: did not pass now.
    """
    def speedup(record):
        return record.get("speedup_cpu", record["speedup"]) if by == "cpu" else record["speedup"]

    before = {p["name"]: p for p in baseline.get("programs", []) if p.get("status") == "ok"}
    rows = []
    for r in records:
        old = before.get(r["name"])
        row = {"name": r["name"], "old_speedup": speedup(old) if old else None,
               "new_speedup": speedup(r) if r["status"] == "ok" else None,
               "compiled_time_ratio": None}
        if r["status"] != "ok":
            row["verdict"] = "FAILED"
        elif old is None:
            row["verdict"] = "NEW"
        elif old.get("n") != r.get("n"):
            row["verdict"] = "OTHER-N"
        else:
            row["compiled_time_ratio"] = r["compiled"]["min"] / old["compiled"]["min"]
            change = row["new_speedup"] / row["old_speedup"]
            if change < 1.0 / (1.0 + tolerance):
                row["verdict"] = "SLOWER"
            elif change > 1.0 + tolerance:
                row["verdict"] = "FASTER"
            else:
                row["verdict"] = "same"
        rows.append(row)
    return rows


def print_comparison(rows):
    def cell(value):
        return "-" if value is None else "%.3f" % value
    width = max([len("program")] + [len(row["name"]) for row in rows])
    print("%s  %11s  %11s  %18s  %s" % ("program".ljust(width), "old speedup", "new speedup",
                                          "compiled t new/old", "verdict"))
    for row in rows:
        print("%s  %11s  %11s  %18s  %s" % (row["name"].ljust(width), cell(row["old_speedup"]),
                                            cell(row["new_speedup"]),
                                            cell(row["compiled_time_ratio"]), row["verdict"]))


def format_load(load):
    return "/".join("%.2f" % x for x in load)


def git_commit():
    """This repository's HEAD commit, with "+dirty" when tracked files have changed; or None."""
    try:
        head = subprocess.run(["git", "-C", REPO_ROOT, "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO_ROOT, "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True,
                               timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (head + "+dirty" if dirty else head) or None


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Benchmark pyaot-compiled modules against their source.")
    ap.add_argument("programs", nargs="*", metavar="NAME",
                    help="programs to run: 'nbody', 'b_nbody' or 'b_nbody.py' (default: all)")
    ap.add_argument("--pyaot", default=None,
                    help="the pyaot binary (default: <repo>/%s)" % DEFAULT_PYAOT)
    ap.add_argument("--python", default=DEFAULT_PYTHON,
                    help="interpreter for the child processes (default: %s)" % DEFAULT_PYTHON)
    ap.add_argument("--runs", type=int, default=5, help="runs per side (default: 5)")
    ap.add_argument("--n", type=int, default=None,
                    help="call run(N) instead of run(DEFAULT_N) in every program")
    ap.add_argument("--json", metavar="FILE", default=None, help="write all numbers to FILE")
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="seconds allowed per build or child process (default: 600)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory (its path is printed)")
    ap.add_argument("--fail-fast", action="store_true", help="stop at the first failing program")
    ap.add_argument("--list", action="store_true", help="list the programs and exit")
    ap.add_argument("--compare", metavar="BASELINE", default=None,
                    help="an earlier --json file: flag programs whose speedup fell")
    ap.add_argument("--tolerance", type=float, default=0.10,
                    help="with --compare, the fraction a speedup may fall before a program "
                         "counts as slower (default: 0.10)")
    ap.add_argument("--compare-by", choices=("cpu", "wall"), default="cpu",
                    help="with --compare, compare CPU-time speedups (default) or wall-clock ones")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    available = discover_programs()
    if args.list:
        for name in available:
            print(name)
        return 0
    if args.programs:
        selected = []
        for arg in args.programs:
            name = normalize_name(arg)
            if name not in available:
                print("error: unknown program %r (have: %s)" % (arg, ", ".join(available)),
                      file=sys.stderr)
                return 2
            if name not in selected:
                selected.append(name)
    else:
        selected = available
    if not selected:
        print("error: no programs in %s" % PROGRAMS_DIR, file=sys.stderr)
        return 2

    pyaot = resolve_pyaot(args.pyaot)
    if not (os.path.isfile(pyaot) and os.access(pyaot, os.X_OK)):
        print("error: pyaot binary not found or not executable: %s\n"
              "       build it with `bazel build //compiler:pyaot` or pass --pyaot PATH"
              % pyaot, file=sys.stderr)
        return 2
    python = args.python
    if os.sep in python:
        python = os.path.abspath(python)
    elif shutil.which(python):
        python = shutil.which(python)
    if not (os.path.isfile(python) and os.access(python, os.X_OK)):
        print("error: python not found or not executable: %s" % args.python, file=sys.stderr)
        return 2
    args.python = python

    try:
        pyver = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"],
                               capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pyver = "?"
    print("pyaot:  %s" % pyaot)
    print("python: %s (%s)" % (python, pyver))
    print("runs:   %d per side, alternating source/compiled; n = %s"
          % (args.runs, "DEFAULT_N" if args.n is None else args.n))
    print(flush=True)

    baseline = None
    if args.compare:
        try:
            with open(args.compare) as f:
                baseline = json.load(f)
        except (OSError, ValueError) as e:
            print("error: cannot read baseline %s: %s" % (args.compare, e), file=sys.stderr)
            return 2

    load_before = os.getloadavg()
    workdir = tempfile.mkdtemp(prefix="pyaot-bench-")
    records = []
    try:
        for name in selected:
            print("[%s]" % name, flush=True)
            try:
                rec = bench_program(name, args, pyaot, workdir)
            except BenchError as e:
                rec = {"name": name, "status": "failed", "error": str(e),
                       "numeric": is_numeric(name)}
            records.append(rec)
            if rec["status"] != "ok":
                print("  %s: %s" % (rec["status"].upper(), rec["error"]), flush=True)
            else:
                print("  fastest source %.4fs  compiled %.4fs  speedup %.3f"
                      % (rec["source"]["min"], rec["compiled"]["min"], rec["speedup"]),
                      flush=True)
            if rec["status"] != "ok" and args.fail_fast:
                break
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print("temporary files kept in %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    load_after = os.getloadavg()
    print()
    print_table(records)
    summary = summarize_records(records)
    if summary["geomean_speedup"] is not None:
        print("geometric mean speedup (source/compiled, >1 = compiled faster): %.3f over %d program(s)"
              % (summary["geomean_speedup"], summary["programs_ok"]))
    if summary["geomean_speedup_numeric"] is not None:
        print("geometric mean speedup, numeric programs only: %.3f over %d program(s)"
              % (summary["geomean_speedup_numeric"], summary["programs_numeric_ok"]))
    if summary["geomean_speedup_cpu"] is not None:
        print("geometric mean CPU-time speedup: %.3f, numeric programs only: %s"
              % (summary["geomean_speedup_cpu"],
                 "-" if summary["geomean_speedup_cpu_numeric"] is None
                 else "%.3f" % summary["geomean_speedup_cpu_numeric"]))
    if summary["geomean_rss_ratio"] is not None:
        print("geometric mean peak-RSS ratio (compiled/source, <1 = compiled smaller): %.3f"
              % summary["geomean_rss_ratio"])
    print("load average (1/5/15 min): %s before, %s after"
          % (format_load(load_before), format_load(load_after)))
    bad = [r for r in records if r["status"] != "ok"]
    for r in bad:
        print("%s %s: %s" % (r["status"].upper(), r["name"], r["error"].splitlines()[0]))
    slower = []
    if baseline is not None:
        comparison = compare_to_baseline(records, baseline, args.tolerance, args.compare_by)
        print()
        print("against %s (slower = %s speedup fell by more than %d%%):"
              % (args.compare, "CPU-time" if args.compare_by == "cpu" else "wall-clock",
                 round(args.tolerance * 100)))
        print_comparison(comparison)
        slower = [row for row in comparison if row["verdict"] == "SLOWER"]

    if args.json:
        out = dict(summary)
        out.update({
            "pyaot": pyaot,
            "python": python,
            "python_version": pyver,
            "runs": args.runs,
            "n_override": args.n,
            "commit": git_commit(),
            "load_before": load_before,
            "load_after": load_after,
            "programs": records,
        })
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2, sort_keys=True)
            f.write("\n")
        print("wrote %s" % args.json)

    return 1 if bad or slower else 0


if __name__ == "__main__":
    sys.exit(main())
