#!/usr/bin/env python3.11
"""Stdlib corpus runner for pyaot.

For each pure-Python stdlib module in the corpus:

  1. compile it with pyaot at -O2 (with --report) and at -O0, timing both
     compiles and counting the source lines pyaot compiled;
  2. run its CPython regression test twice with /usr/bin/python3.11: once
     from source, once with the compiled .so alone in a directory placed
     ahead of the stdlib on sys.path (PYTHONPATH);
  3. inside each test child, check that the module under test really came
     from the .so (compiled run) or from the stdlib source (source run);
  4. compare the two outcomes (exit status, tests run, failing / erroring /
     skipped test ids).

Prints one table row per module and the totals: native coverage over all
bodies (functions, class bodies, module bodies) and compile speed in source lines per second at -O0 and -O2.
Exit status 1 when a compile fails, a compiled test outcome differs from the
source outcome, or the compiled module was not the one the tests exercised.

Stdlib only; run it with Python 3.11:

    python3.11 corpus/run_corpus.py --pyaot bazel-bin/compiler/pyaot
"""

import argparse
import concurrent.futures
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True

STDLIB = "/usr/lib/python3.11"
PYTHON = "/usr/bin/python3.11"

# (module, regression test).  A module is STDLIB/<name>.py, or the package
# directory STDLIB/<name>/ (compiled whole into one .so).  Every entry was
# checked: the compiled module is the one the test exercises (the test child
# imports the .so before anything else imports the module) and the test
# outcome is the same from source and compiled.  Modules imported or frozen at
# interpreter startup (os, stat, abc, codecs, io, runpy, ...) cannot be tested
# this way; see README.md.
CORPUS = [
    # single modules
    ("textwrap", "test_textwrap"),
    ("string", "test_string"),
    ("fractions", "test_fractions"),
    ("heapq", "test_heapq"),
    ("bisect", "test_bisect"),
    ("difflib", "test_difflib"),
    ("shlex", "test_shlex"),
    ("csv", "test_csv"),
    ("colorsys", "test_colorsys"),
    ("calendar", "test_calendar"),
    ("statistics", "test_statistics"),
    ("dataclasses", "test_dataclasses"),
    ("enum", "test_enum"),
    ("functools", "test_functools"),
    ("base64", "test_base64"),
    ("gettext", "test_gettext"),
    ("glob", "test_glob"),
    ("fnmatch", "test_fnmatch"),
    ("graphlib", "test_graphlib"),
    ("numbers", "test_abstract_numbers"),
    ("operator", "test_operator"),
    ("copy", "test_copy"),
    ("pprint", "test_pprint"),
    ("reprlib", "test_reprlib"),
    ("sched", "test_sched"),
    ("keyword", "test_keyword"),
    ("ipaddress", "test_ipaddress"),
    ("configparser", "test_configparser"),
    ("netrc", "test_netrc"),
    ("plistlib", "test_plistlib"),
    ("contextlib", "test_contextlib"),
    ("queue", "test_queue"),
    ("random", "test_random"),
    ("fileinput", "test_fileinput"),
    ("getopt", "test_getopt"),
    ("optparse", "test_optparse"),
    ("secrets", "test_secrets"),
    ("stringprep", "test_stringprep"),
    ("wave", "test_wave"),
    ("inspect", "test_inspect"),
    ("dis", "test_dis"),
    ("tokenize", "test_tokenize"),
    ("traceback", "test_traceback"),
    ("datetime", "test_datetime"),
    ("tempfile", "test_tempfile"),
    ("shutil", "test_shutil"),
    ("pathlib", "test_pathlib"),
    ("locale", "test_locale"),
    ("mimetypes", "test_mimetypes"),
    ("selectors", "test_selectors"),
    ("typing", "test_typing"),
    ("weakref", "test_weakref"),
    ("types", "test_types"),
    ("pickle", "test_pickle"),
    ("uuid", "test_uuid"),
    ("hmac", "test_hmac"),
    ("_pydecimal", "test_decimal"),
    ("uu", "test_uu"),
    ("tabnanny", "test_tabnanny"),
    ("filecmp", "test_filecmp"),
    ("cmd", "test_cmd"),
    ("codeop", "test_codeop"),
    ("timeit", "test_timeit"),
    ("ftplib", "test_ftplib"),
    ("smtplib", "test_smtplib"),
    ("mailbox", "test_mailbox"),
    ("imaplib", "test_imaplib"),
    ("poplib", "test_poplib"),
    ("nntplib", "test_nntplib"),
    ("doctest", "test_doctest"),
    ("pstats", "test_pstats"),
    ("profile", "test_profile"),
    ("warnings", "test_warnings"),
    ("platform", "test_platform"),
    ("sysconfig", "test_sysconfig"),
    ("zipapp", "test_zipapp"),
    ("modulefinder", "test_modulefinder"),
    ("pkgutil", "test_pkgutil"),
    ("bz2", "test_bz2"),
    ("lzma", "test_lzma"),
    ("_pyio", "test_io"),
    ("hashlib", "test_hashlib"),
    ("struct", "test_struct"),
    ("symtable", "test_symtable"),
    ("getpass", "test_getpass"),
    ("code", "test_code_module"),
    ("shelve", "test_shelve"),
    ("copyreg", "test_copyreg"),
    ("pickletools", "test_pickletools"),
    ("sndhdr", "test_sndhdr"),
    ("imghdr", "test_imghdr"),
    ("pty", "test_pty"),
    ("rlcompleter", "test_rlcompleter"),
    ("cgi", "test_cgi"),
    ("cgitb", "test_cgitb"),
    ("crypt", "test_crypt"),
    ("telnetlib", "test_telnetlib"),
    # packages
    ("json", "test_json"),
    ("html", "test_html"),
    ("collections", "test_collections"),
    ("email", "test_email"),
    ("urllib", "test_urlparse"),
    ("zoneinfo", "test_zoneinfo"),
    ("logging", "test_logging"),
    ("wsgiref", "test_wsgiref"),
    ("xmlrpc", "test_xmlrpc"),
    ("http", "test_httplib"),
    ("xml", "test_xml_etree"),
    ("dbm", "test_dbm"),
]

# A corner of CORPUS for measuring compile speed when the whole corpus (130k
# lines, over an hour of compiling on the busy 2-core machine) is too long:
# 16 modules, 10.6k lines, small and large, classes and plain functions.
SPEED_SUBSET = ["textwrap", "string", "fractions", "heapq", "bisect", "difflib", "shlex",
                "csv", "colorsys", "calendar", "statistics", "graphlib", "copy", "pprint",
                "base64", "json"]

# Modules whose compiled test outcome is known to differ from the source
# outcome today (run them with --all).  Each was looked at; the reason:
NO_M = ("`python -m %s` with the .so fails: 'No code object available for %s' (runpy "
        "finds the extension module's spec before the .so installed its importer; "
        "single-module builds only)")
FILE = "the test reads source files located from %s.__file__, which is the .so"
KNOWN_DIFFERENT = [
    ("argparse", "test_argparse", FILE % "argparse"),
    ("quopri", "test_quopri", NO_M % ("quopri", "quopri")),
    ("gzip", "test_gzip", NO_M % ("gzip", "gzip")),
    ("zipfile", "test_zipfile", NO_M % ("zipfile", "zipfile")),
    ("tarfile", "test_tarfile", NO_M % ("tarfile", "tarfile")),
    ("py_compile", "test_py_compile", NO_M % ("py_compile", "py_compile")),
    ("compileall", "test_compileall", NO_M % ("compileall", "compileall")),
    ("pdb", "test_pdb", NO_M % ("pdb", "pdb")),
    ("trace", "test_trace", NO_M % ("trace", "trace") + "; and test_loop_caller_importing "
     "expects Trace.runfunc's code file to be trace.__file__ with .py (it is the .so; "
     "co_filename is the original /usr/lib path)"),
    ("pydoc", "test_pydoc", "the test runs `python3.11 -B <pydoc.__file__>`, i.e. the .so as a "
     "script, and pydoc.importfile(pydoc.__file__)"),
    ("ast", "test_ast", FILE % "ast" + " (test/test_grammar.py beside it)"),
    ("linecache", "test_linecache", FILE % "linecache" + " (reads linecache.py and abc.py "
     "from its directory, and the .so itself as a text file)"),
    ("ctypes", "test_ctypes", "the tests are the package's own ctypes.test subpackage, "
     "discovered as files in os.path.dirname(ctypes.test.__file__): the directory of its "
     "sources beside the .so, where none are deployed"),
    ("bdb", "test_bdb", "pyaot.PackageImporter instances have no __module__ attribute "
     "(test_skip filters sys.meta_path by item.__module__)"),
    ("pyclbr", "test_pyclbr", "pyaot.PackageImporter has no get_filename() "
     "(pyclbr.readmodule_ex calls spec.loader.get_filename)"),
]

# The test child.  Run as: python3.11 -c CHILD MODE MODULE TEST RESULT SODIR USE
# MODE is "source" or "compiled".  It imports the module under test first, so
# that the .so (compiled run) or the stdlib source (source run) is what the
# rest of the process, unittest included, gets.  Then it runs the test the way
# `python3.11 -m test TEST` (regrtest) does: test.TEST's test_main() if it has
# one, else its unittest tests (load_tests honoured), as `python3.11 -m
# unittest test.TEST` would; and writes the outcome to RESULT (JSON).
CHILD = r'''
import sys
mode, modname, testname, resultfile, sodir, use = sys.argv[1:7]
preloaded = modname in sys.modules

def where(name):
    m = sys.modules.get(name)
    if m is None:
        return {"present": False, "origin": None, "loader": None, "from_so": False}
    spec = getattr(m, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(m, "__file__", None)
    loader = type(getattr(m, "__loader__", None)).__name__
    # A package's modules are named at their source's place below sodir
    # (sodir/pkg/sub/mod.so), a single module's is the .so in sodir.
    from_so = (loader == "PackageImporter" and isinstance(origin, str)
               and origin.endswith(".so") and origin.startswith(sodir + "/"))
    return {"present": True, "has_spec": spec is not None, "origin": origin,
            "loader": loader, "from_so": from_so}

def importer_on_meta_path():
    return any(type(f).__name__ == "PackageImporter" for f in sys.meta_path)

import_error = None
try:
    __import__(modname)
except BaseException as e:
    import traceback
    traceback.print_exc()
    import_error = "%s: %s" % (type(e).__name__, e)
at_start = where(modname)
submodules_start = {n: where(n) for n in list(sys.modules)
                    if n.startswith(modname + ".")}
importer_start = importer_on_meta_path()

import json, os, unittest
import test.support
test.support.verbose = 0            # as `python -m test` without -v
resources = [r for r in use.split(",") if r]
if "all" in resources:              # as regrtest: -u all,-network
    from test.libregrtest.cmdline import ALL_RESOURCES
    resources = [r for r in ALL_RESOURCES + tuple(resources)
                 if r != "all" and not r.startswith("-") and "-" + r not in resources]
test.support.use_resources = resources
import faulthandler
faulthandler.enable()

results = []                        # unittest results of this run
extra_errors = []                   # test_main() exceptions not reflected in results
if import_error is None:
    tmod = None
    try:
        tmod = __import__("test." + testname, fromlist=["*"])
    except BaseException:
        pass                        # unittest.main reports the import error as a test error
    test_main = getattr(tmod, "test_main", None)
    if test_main is not None:
        # Legacy test_main(): as regrtest, call it; collect every unittest
        # result it produces through test.support.run_unittest.
        orig = test.support.get_test_runner
        def get_test_runner(*a, **k):
            runner = orig(*a, **k)
            run = runner.run
            def run_and_keep(suite):
                r = run(suite)
                results.append(r)
                return r
            runner.run = run_and_keep
            return runner
        test.support.get_test_runner = get_test_runner
        try:
            test_main()
        except test.support.TestFailedWithDetails:
            pass                    # counted in results
        except BaseException as e:
            import traceback
            traceback.print_exc()
            extra_errors.append("test_main: %s: %s" % (type(e).__name__, str(e)[:200]))
    else:
        prog = unittest.main(module=None, argv=["python -m unittest", "test." + testname],
                             exit=False)
        results.append(prog.result)
sys.stdout.flush()
sys.stderr.flush()

def ids(pairs):
    return sorted(t.id() if hasattr(t, "id") else str(t) for t, _ in pairs)
out = {
    "mode": mode,
    "preloaded": preloaded,
    "import_error": import_error,
    "at_start": at_start,
    "at_end": where(modname),
    "submodules_start": submodules_start,
    "importer_start": importer_start,
    "importer_end": importer_on_meta_path(),
}
success = False
if import_error is None:
    out.update({
        "run": sum(r.testsRun for r in results),
        "failures": sorted(i for r in results for i in ids(r.failures)),
        "errors": sorted([i for r in results for i in ids(r.errors)] + extra_errors),
        "skipped": sorted(i for r in results for i in ids(r.skipped)),
        "expected_failures": sorted(i for r in results for i in ids(r.expectedFailures)),
        "unexpected_successes": sorted(t.id() for r in results
                                       for t in r.unexpectedSuccesses),
    })
    success = bool(results) and not extra_errors and all(r.wasSuccessful() for r in results)
    out["success"] = success
with open(resultfile, "w") as f:
    json.dump(out, f)
sys.exit(0 if success else 1)
'''


def parse_corpus(text):
    """'textwrap,json=test_json' -> [(module, test)]; default test_<module>."""
    out = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        mod, _, test = item.partition("=")
        out.append((mod.strip(), test.strip() or "test_" + mod.strip()))
    return out


def source_path(mod):
    pkg = os.path.join(STDLIB, mod)
    if os.path.isfile(os.path.join(pkg, "__init__.py")):
        return pkg
    return pkg + ".py"


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def children_cpu_seconds():
    """User + system CPU time of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compile_module(pyaot, mod, outdir, opt, report, repeat, jobs, warm_cache):
    """Compile; return (wall seconds, CPU seconds, returncode, stderr), each time the
    best of `repeat`.  CPU time (pyaot and the processes it waits for) is what a
    busy machine disturbs least; it is exact only while no other child runs.
    Each build starts from a copy of `warm_cache` (the runtime's objects, built
    once per compiler and options, as a user's cache holds them), so no module
    comes from an earlier build's cache."""
    cache = os.path.join(outdir, "cache")
    cmd = [pyaot, "build", source_path(mod), "-o", os.path.join(outdir, mod + ".so"), opt,
           "--cache-dir", cache]
    if report:
        cmd += ["--report", report]
    if jobs:
        cmd += ["-j", str(jobs)]
    best = best_cpu = None
    for _ in range(max(1, repeat)):
        shutil.rmtree(cache, ignore_errors=True)
        if os.path.isdir(warm_cache):
            shutil.copytree(warm_cache, cache)
        cpu0 = children_cpu_seconds()
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        cpu = children_cpu_seconds() - cpu0
        if p.returncode != 0:
            return dt, cpu, p.returncode, (p.stderr or p.stdout).strip()
        best = dt if best is None else min(best, dt)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    return best, best_cpu, 0, ""


_procs_lock = threading.Lock()
_procs = set()


def run_test(mod, test, mode, sodir, workdir, timeout, use):
    """Run one test child; return its outcome dict."""
    tag = "%s.%s" % (mod, mode)
    cwd = tempfile.mkdtemp(prefix="cwd-" + tag + "-", dir=workdir)
    resultfile = os.path.join(workdir, tag + ".result.json")
    logfile = os.path.join(workdir, tag + ".log")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONSTARTUP", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["TMPDIR"] = cwd
    if mode == "compiled":
        env["PYTHONPATH"] = sodir
    cmd = [PYTHON, "-c", CHILD, mode, mod, test, resultfile, sodir, use]
    t0 = time.perf_counter()
    timed_out = False
    with open(logfile, "wb") as log:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        with _procs_lock:
            _procs.add(p)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)
            rc = p.wait()
        finally:
            with _procs_lock:
                _procs.discard(p)
    elapsed = time.perf_counter() - t0
    out = {"returncode": rc, "timed_out": timed_out, "seconds": round(elapsed, 2),
           "log": logfile}
    try:
        with open(resultfile) as f:
            out.update(json.load(f))
    except (OSError, ValueError):
        out["no_result"] = True
    shutil.rmtree(cwd, ignore_errors=True)
    return out


def summarize(r):
    """'run/fail/err/skip' or a word for a crash or a timeout."""
    if r.get("timed_out"):
        return "TIMEOUT"
    if r.get("import_error"):
        return "IMPORT-ERROR"
    if r.get("no_result"):
        return "CRASH(rc=%s)" % r["returncode"]
    return "%d/%d/%d/%d" % (r["run"], len(r["failures"]), len(r["errors"]), len(r["skipped"]))


OUTCOME_KEYS = ("returncode", "timed_out", "import_error", "no_result", "run", "failures",
                "errors", "skipped", "expected_failures", "unexpected_successes")


def compare(src, comp):
    """List of human-readable differences between two outcomes."""
    diffs = []
    for k in OUTCOME_KEYS:
        a, b = src.get(k), comp.get(k)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            only_src = sorted(set(a) - set(b))
            only_comp = sorted(set(b) - set(a))
            diffs.append("%s: %d source vs %d compiled; only in source: %s; only compiled: %s"
                         % (k, len(a), len(b), only_src[:10], only_comp[:10]))
        else:
            diffs.append("%s: source %r vs compiled %r" % (k, a, b))
    return diffs


def loaded_check(r, mode):
    """(ok, text) -- did the child get the module under test from where it should?

    Compiled run: at the start the module (and any submodule already imported)
    came from the .so through pyaot's PackageImporter; at the end the importer
    is still on sys.meta_path (so fresh imports, e.g. test.support's
    import_fresh_module, were served from the .so too) and the module, if still
    in sys.modules, is the .so's.  Source run: the same, from STDLIB's .py files.
    """
    if r.get("no_result"):
        return False, "unknown"
    if r.get("preloaded"):
        return False, "preloaded"
    want = mode == "compiled"

    def good(w, may_be_absent=False):
        if not w["present"]:
            return may_be_absent
        if want:
            return w["from_so"]
        return not w["from_so"] and (w["origin"] or "").startswith(STDLIB + "/")
    start = good(r["at_start"])
    end = good(r["at_end"], may_be_absent=True)
    # Entries without a __spec__ are no modules (typing puts classes at typing.io).
    subs_ok = all(good(s) for s in r.get("submodules_start", {}).values()
                  if s.get("has_spec", True))
    importer = (r["importer_start"] and r["importer_end"]) if want else True
    if start and end and subs_ok and importer:
        return True, "yes" if want else "no"
    if not start:
        return False, "no (%s)" % (r["at_start"]["origin"],)
    return False, "start=%s end=%s subs=%s importer=%s" % (start, end, subs_ok, importer)


def fmt_table(rows, headers):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pyaot", default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bazel-bin/compiler/pyaot"),
        help="the pyaot binary (default: bazel-bin/compiler/pyaot of this repo)")
    ap.add_argument("--modules", metavar="LIST",
                    help="comma list of MODULE[=TEST] overriding the built-in corpus "
                         "(default test: test_MODULE)")
    ap.add_argument("--speed-subset", action="store_true",
                    help="only the modules of SPEED_SUBSET (for compile speed, with --no-tests)")
    ap.add_argument("--all", action="store_true",
                    help="also run the modules known to differ today (KNOWN_DIFFERENT)")
    ap.add_argument("--skip", metavar="LIST", default="",
                    help="comma list of modules to leave out of the corpus")
    ap.add_argument("-j", "--jobs", type=int, default=2,
                    help="test processes run in parallel (default 2)")
    ap.add_argument("--compile-jobs", type=int, default=0,
                    help="pass -j N to pyaot (default: pyaot's own default)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time each compile N times and keep the fastest (default 1)")
    ap.add_argument("--timeout", type=float, default=300,
                    help="per test-process timeout in seconds (default 300)")
    ap.add_argument("-u", "--use", default="",
                    help="comma list of test resources to enable, as regrtest -u, e.g. "
                         "cpu,decimal or all,-network (default: none, like `python -m test`)")
    ap.add_argument("--no-tests", action="store_true", help="compile and report only")
    ap.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    ap.add_argument("--workdir", help="directory for .so files, reports and test logs "
                                      "(default: a temporary directory, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    args = ap.parse_args(argv)

    pyaot = os.path.abspath(args.pyaot)
    if not os.access(pyaot, os.X_OK):
        ap.error("pyaot binary not found or not executable: %s" % pyaot)
    if not os.access(PYTHON, os.X_OK):
        ap.error("%s not found" % PYTHON)
    if args.modules:
        corpus = parse_corpus(args.modules)
    else:
        corpus = list(CORPUS)
        if args.speed_subset:
            corpus = [(m, t) for m, t in corpus if m in SPEED_SUBSET]
        if args.all:
            corpus += [(m, t) for m, t, _ in KNOWN_DIFFERENT]
    known = {m: why for m, _, why in KNOWN_DIFFERENT}
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    seen = set()
    corpus = [(m, t) for m, t in corpus
              if m not in skip and not (m in seen or seen.add(m))]
    for m, t in corpus:
        if not os.path.exists(source_path(m)):
            ap.error("no such stdlib module: %s" % source_path(m))
        tpath = os.path.join(STDLIB, "test", t)
        if not (os.path.isfile(tpath + ".py") or os.path.isfile(os.path.join(tpath, "__init__.py"))):
            ap.error("no such regression test: %s(.py) (is libpython3.11-testsuite installed?)"
                     % tpath)
    jobs = max(1, min(args.jobs, 2))   # the machine has 2 cores; never more than 2

    if args.workdir:
        workdir = os.path.abspath(args.workdir)
        os.makedirs(workdir, exist_ok=True)
        own_workdir = False
    else:
        workdir = tempfile.mkdtemp(prefix="pyaot-corpus-")
        own_workdir = not args.keep
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.verbose else (lambda *a: None)

    results = {}
    try:
        # --- compile: -O2 with report (its .so is the one tested), then -O0 timed.
        # One untimed warm-up build first, so that the first timing does not pay
        # for loading the pyaot binary from a cold disk cache.
        # Its cache, the runtime's objects at -O0 and -O2, seeds every timed build's.
        warm_cache = os.path.join(workdir, "warm-cache")
        if corpus:
            warm = os.path.join(workdir, "warmup")
            os.makedirs(warm, exist_ok=True)
            for opt in ("-O0", "-O2"):
                compile_module(pyaot, "this", warm, opt, None, 1, args.compile_jobs, "")
            shutil.copytree(os.path.join(warm, "cache"), warm_cache)
            shutil.rmtree(warm, ignore_errors=True)
        for mod, test in corpus:
            r = results[mod] = {"module": mod, "test": test, "source_path": source_path(mod)}
            sodir = os.path.join(workdir, "so", mod)
            o0dir = os.path.join(workdir, "so-O0", mod)
            os.makedirs(sodir, exist_ok=True)
            os.makedirs(o0dir, exist_ok=True)
            report = os.path.join(workdir, mod + ".report.json")
            r["sodir"] = sodir
            t2, cpu2, rc2, err2 = compile_module(pyaot, mod, sodir, "-O2", report, args.repeat,
                                                 args.compile_jobs, warm_cache)
            t0, cpu0, rc0, err0 = compile_module(pyaot, mod, o0dir, "-O0", None, args.repeat,
                                                 args.compile_jobs, warm_cache)
            r["compile"] = {"O2_seconds": t2, "O2_cpu_seconds": cpu2, "O2_rc": rc2,
                            "O2_error": err2, "O0_seconds": t0, "O0_cpu_seconds": cpu0,
                            "O0_rc": rc0, "O0_error": err0}
            r["compile_ok"] = rc2 == 0 and rc0 == 0
            log("compiled %-14s -O2 %.3fs (CPU %.3fs) rc=%d  -O0 %.3fs (CPU %.3fs) rc=%d"
                % (mod, t2, cpu2, rc2, t0, cpu0, rc0))
            if rc2 != 0:
                continue
            with open(report) as f:
                rep = json.load(f)
            funcs = rep["entries"]  # every body: module, class and function
            files = sorted({e["file"] for e in rep["entries"] if e["kind"] == "module"})
            r["report"] = {
                "summary": rep["summary"],
                "functions": len(funcs),
                "native": sum(e["status"] == "native" for e in funcs),
                "fallback": sum(e["status"] == "fallback" for e in funcs),
                "module_bodies_native": sum(e["status"] == "native" for e in rep["entries"]
                                            if e["kind"] == "module"),
                "files": files,
            }
            r["lines"] = sum(count_lines(p) for p in files)

        # --- tests: source and compiled runs, at most `jobs` processes at once.
        if not args.no_tests:
            todo = [(mod, mode) for mod, _ in corpus for mode in ("source", "compiled")
                    if results[mod]["compile"]["O2_rc"] == 0]
            with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
                futs = {ex.submit(run_test, mod, results[mod]["test"], mode,
                                  results[mod]["sodir"], workdir, args.timeout, args.use):
                        (mod, mode) for mod, mode in todo}
                for fut in concurrent.futures.as_completed(futs):
                    mod, mode = futs[fut]
                    results[mod][mode] = out = fut.result()
                    log("tested   %-14s %-8s %-16s %6.1fs" % (mod, mode, summarize(out),
                                                              out["seconds"]))
            for mod, _ in corpus:
                r = results[mod]
                if "source" not in r:
                    continue
                r["differences"] = compare(r["source"], r["compiled"])
                r["source_loaded_ok"], r["source_loaded"] = loaded_check(r["source"], "source")
                r["loaded_ok"], r["loaded"] = loaded_check(r["compiled"], "compiled")

        # --- table
        headers = ["module", "lines", "funcs", "native", "fallback", "cov%", "source r/f/e/s",
                   "compiled r/f/e/s", "outcome", "from .so", "src s", "so s"]
        rows = []
        failed = []
        tot_funcs = tot_native = tot_lines = 0
        tot_o0 = tot_o2 = cpu_o0 = cpu_o2 = 0.0
        for mod, _ in corpus:
            r = results[mod]
            if not r["compile_ok"]:
                failed.append("%s: compile failed: -O2 rc=%s %s | -O0 rc=%s %s" % (
                    mod, r["compile"]["O2_rc"], r["compile"]["O2_error"][:300],
                    r["compile"]["O0_rc"], r["compile"]["O0_error"][:300]))
            if "report" not in r:
                rows.append([mod, "-", "-", "-", "-", "-", "-", "-", "COMPILE-FAIL", "-", "-", "-"])
                continue
            rep = r["report"]
            tot_funcs += rep["functions"]
            tot_native += rep["native"]
            if r["compile_ok"]:
                tot_lines += r["lines"]
                tot_o0 += r["compile"]["O0_seconds"]
                tot_o2 += r["compile"]["O2_seconds"]
                cpu_o0 += r["compile"]["O0_cpu_seconds"]
                cpu_o2 += r["compile"]["O2_cpu_seconds"]
            cov = 100.0 * rep["native"] / rep["functions"] if rep["functions"] else 0.0
            row = [mod, r["lines"], rep["functions"], rep["native"], rep["fallback"],
                   "%.1f" % cov]
            if "source" in r:
                src, comp = r["source"], r["compiled"]
                if not r["compile_ok"]:
                    outcome = "COMPILE-FAIL"
                elif src.get("timed_out") or comp.get("timed_out"):
                    outcome = "TIMEOUT"
                    failed.append("%s: test timed out after %gs (source run %s, compiled run %s)"
                                  % (mod, args.timeout, src.get("timed_out"),
                                     comp.get("timed_out")))
                elif src.get("no_result") or comp.get("no_result"):
                    outcome = "CRASH"
                    failed.append("%s: a test process ended without writing its result "
                                  "(source rc=%s, compiled rc=%s)" % (
                                      mod, src["returncode"], comp["returncode"]))
                elif not r["loaded_ok"] or not r["source_loaded_ok"]:
                    outcome = "NOT-EXERCISED"
                    failed.append("%s: module under test not loaded from where it should be: "
                                  "compiled run %s, source run %s" % (
                                      mod, r["loaded"], r["source_loaded"]))
                elif r["differences"]:
                    outcome = "DIFFERENT"
                    failed.append("%s: compiled outcome differs:\n      %s%s" % (
                        mod, "\n      ".join(r["differences"]),
                        "\n      known: " + known[mod] if mod in known else ""))
                else:
                    outcome = "same"
                row += [summarize(r["source"]), summarize(r["compiled"]), outcome,
                        r["loaded"], "%.1f" % r["source"]["seconds"],
                        "%.1f" % r["compiled"]["seconds"]]
            else:
                row += ["-", "-", "-", "-", "-", "-"]
            rows.append(row)

        cov_all = 100.0 * tot_native / tot_funcs if tot_funcs else 0.0
        speed_o0 = tot_lines / tot_o0 if tot_o0 else 0.0
        speed_o2 = tot_lines / tot_o2 if tot_o2 else 0.0
        cpu_speed_o0 = tot_lines / cpu_o0 if cpu_o0 else 0.0
        cpu_speed_o2 = tot_lines / cpu_o2 if cpu_o2 else 0.0
        print(fmt_table(rows, headers))
        print()
        print("r/f/e/s = tests run / failures / errors / skipped (unittest counts); "
              "'from .so' = the compiled run's module came from the .so "
              "(checked at start and end of the test process)")
        counts = {}
        for row in rows:
            counts[row[8]] = counts.get(row[8], 0) + 1
        print("modules: %d   %s" % (len(corpus), "   ".join(
            "%s: %d" % (k, counts[k]) for k in sorted(counts))))
        print("native coverage: %d / %d bodies (functions, classes, modules) = %.1f%%" % (tot_native, tot_funcs, cov_all))
        print("compile speed -O0: %d lines in %.2fs = %.0f lines/s; CPU %.2fs = %.0f lines/s"
              % (tot_lines, tot_o0, speed_o0, cpu_o0, cpu_speed_o0))
        print("compile speed -O2: %d lines in %.2fs = %.0f lines/s; CPU %.2fs = %.0f lines/s%s"
              % (tot_lines, tot_o2, speed_o2, cpu_o2, cpu_speed_o2,
                 " (includes writing --report)"))
        if args.repeat > 1:
            print("(compile times: best of %d runs per module)" % args.repeat)
        if failed:
            print()
            print("PROBLEMS:")
            for f in failed:
                print("  " + f)
        if args.workdir or args.keep:
            print("work directory (logs, reports, .so files): %s" % workdir)

        if args.json:
            with open(args.json, "w") as f:
                json.dump({
                    "pyaot": pyaot,
                    "python": PYTHON,
                    "modules": [results[m] for m, _ in corpus],
                    "totals": {"functions": tot_funcs, "native": tot_native,
                               "native_coverage_percent": round(cov_all, 2),
                               "lines": tot_lines,
                               "O0_seconds": round(tot_o0, 4), "O2_seconds": round(tot_o2, 4),
                               "O0_lines_per_second": round(speed_o0, 1),
                               "O2_lines_per_second": round(speed_o2, 1),
                               "O0_cpu_seconds": round(cpu_o0, 4),
                               "O2_cpu_seconds": round(cpu_o2, 4),
                               "O0_cpu_lines_per_second": round(cpu_speed_o0, 1),
                               "O2_cpu_lines_per_second": round(cpu_speed_o2, 1)},
                    "problems": failed,
                }, f, indent=1)
        return 1 if failed else 0
    finally:
        with _procs_lock:
            for p in _procs:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
