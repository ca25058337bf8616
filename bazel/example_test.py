"""The Bazel rule from a workspace that uses it: examples/bazel_rule (pyaot
as a local_repository) is built and tested by a Bazel of its own, then built
again from a clean output base with the first build's --disk_cache, where
every pyaot action (PyaotSummarize, PyaotCompile, PyaotLink) must be a cache
hit (read from Bazel's execution log, not from timings).

Each Bazel runs with its own --output_user_root in a temporary directory, so
it shares no server, lock or output tree with any other Bazel (the one
running the main test suite included), and offline, as the main build.

    python3.11 bazel/example_test.py      # from the repository root (CI runs it)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "bazel_rule")
PYAOT_MNEMONICS = ("PyaotSummarize", "PyaotCompile", "PyaotLink")


def bazel(user_root, *args):
    command = ["bazel", "--output_user_root=" + user_root, "--nohome_rc", *args]
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=EXAMPLE).returncode


def spawns(log_path):
    """The spawns of a JSON execution log (a stream of JSON objects)."""
    with open(log_path) as f:
        text = f.read()
    decoder = json.JSONDecoder()
    pos, out = 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            return out
        spawn, pos = decoder.raw_decode(text, pos)
        out.append(spawn)


def pyaot_spawns(log_path):
    return [s for s in spawns(log_path) if s.get("mnemonic") in PYAOT_MNEMONICS]


def module_count():
    return sum(1 for _, _, files in os.walk(os.path.join(EXAMPLE, "src")) for f in files
               if f.endswith(".py"))


def main():
    scratch = tempfile.mkdtemp(prefix="pyaot-bazel-example-")
    disk_cache = os.path.join(scratch, "disk-cache")
    common = ["--disk_cache=" + disk_cache, "--symlink_prefix=/"]
    failures = []
    try:
        first_root = os.path.join(scratch, "first")
        first_log = os.path.join(scratch, "first.json")
        if bazel(first_root, "test", *common, "--execution_log_json_file=" + first_log,
                 "//...") != 0:
            failures.append("the example's build or test failed")
        bazel(first_root, "shutdown")
        second_root = os.path.join(scratch, "second")
        second_log = os.path.join(scratch, "second.json")
        if bazel(second_root, "build", *common, "--execution_log_json_file=" + second_log,
                 "//:geometry") != 0:
            failures.append("the second build failed")
        bazel(second_root, "shutdown")

        expected = 2 * module_count() + 1  # a summary and an object each, one link
        first = pyaot_spawns(first_log) if os.path.exists(first_log) else []
        second = pyaot_spawns(second_log) if os.path.exists(second_log) else []
        print("pyaot actions: first build %d (%d cache hits), second build %d (%d cache hits)"
              % (len(first), sum(bool(s.get("remoteCacheHit")) for s in first), len(second),
                 sum(bool(s.get("remoteCacheHit")) for s in second)))
        if len(first) != expected or any(s.get("remoteCacheHit") for s in first):
            failures.append("the first build should run %d pyaot actions, none from the cache"
                            % expected)
        if len(second) != expected:
            failures.append("the second build should have %d pyaot actions, not %d"
                            % (expected, len(second)))
        for s in second:
            if not s.get("remoteCacheHit"):
                failures.append("not a cache hit in the second build: %s %s"
                                % (s.get("mnemonic"), " ".join(s.get("commandArgs", [])[:6])))
    finally:
        subprocess.run(["chmod", "-R", "u+w", scratch])
        shutil.rmtree(scratch, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print("bazel example: " + ("FAILED" if failures else "PASSED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
