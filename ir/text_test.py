"""Tests of the IR's text form, with the expected IR kept as text a reviewer
reads (as LLVM's and Cinder's HIR tests are).

  passes DIR     each DIR/NAME.ir starts with `# passes: a,b` (or `none`):
                 `pyaot_opt --passes=a,b --verify NAME.ir` must print
                 DIR/NAME.expected.ir.
  lower DIR      each DIR/NAME.py, lowered (`pyaot build --emit=ir
                 --print-after=lower`), must give DIR/NAME.expected.ir, and
                 that text must read back unchanged.
  roundtrip PATH...  each program or package: its IR after all passes, and
                 as lowered, reads back through pyaot_opt byte for byte; and
                 the lowered IR run through every pass by pyaot_opt gives
                 what pyaot gives.

After an intended change, regenerate every expected file with
    bash scripts/update_golden.sh
and review the diff.

  text_test.py PYAOT PYAOT_OPT MODE [--update] ARGS...
"""
import concurrent.futures
import difflib
import glob
import os
import subprocess
import sys
import tempfile

ALL_PASSES = "all"  # the whole pipeline of ir/pipeline.h


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s" % (" ".join(command), result.returncode,
                                                      result.stderr))
    return result.stdout


def differences(expected, actual, name):
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "expected/" + name, "actual/" + name))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class Runner:
    def __init__(self, pyaot, opt, update):
        self.pyaot, self.opt, self.update = pyaot, opt, update
        self.scratch = tempfile.mkdtemp(prefix="ir_text_test")
        self.failures = []

    def opt_text(self, text, passes=None):
        with tempfile.NamedTemporaryFile("w", suffix=".ir", dir=self.scratch, delete=False) as f:
            f.write(text)
        command = [self.opt, f.name] + (["--passes=" + passes, "--verify"] if passes else [])
        return run(command)

    # The IR of a program, after `stage` (None: every pass), its module
    # named `module`, its source directory left out of file names.
    def emit_ir(self, source, module, stage=None):
        out = os.path.join(tempfile.mkdtemp(dir=self.scratch), module + ".ir")
        run([self.pyaot, "build", source, "--emit=ir", "-o", out] +
            (["--print-after=" + stage] if stage else []))
        text = read(out)
        directory = os.path.dirname(os.path.abspath(source.rstrip("/"))) + "/"
        for prefix in {directory, os.path.realpath(directory) + "/"}:
            text = text.replace("  # " + prefix, "  # ")
        return text

    def compare(self, expected_path, actual):
        name = os.path.basename(expected_path)
        if self.update:
            if not os.path.exists(expected_path) or read(expected_path) != actual:
                write(expected_path, actual)
                print("updated", expected_path)
            return
        if not os.path.exists(expected_path):
            self.failures.append("%s is missing (run scripts/update_golden.sh)" % expected_path)
        elif read(expected_path) != actual:
            self.failures.append(differences(read(expected_path), actual, name))

    def check_same(self, what, expected, actual):
        if expected != actual:
            self.failures.append(what + ":\n" + differences(expected, actual, what)[:4000])

    def passes(self, directory):
        inputs = sorted(p for p in glob.glob(os.path.join(directory, "*.ir"))
                        if not p.endswith(".expected.ir"))
        assert inputs, "no tests in " + directory
        for path in inputs:
            first = read(path).split("\n", 1)[0]
            assert first.startswith("# passes: "), path + ": the first line must be '# passes: ...'"
            passes = first[len("# passes: "):].strip()
            command = [self.opt, path] + ([] if passes == "none" else ["--passes=" + passes])
            self.compare(path[:-len(".ir")] + ".expected.ir", run(command + ["--verify"]))

    def lower(self, directory):
        # (Bazel adds an __init__.py to the runfiles' directories.)
        sources = sorted(p for p in glob.glob(os.path.join(directory, "*.py"))
                         if os.path.basename(p) != "__init__.py")
        assert sources, "no tests in " + directory
        for source in sources:
            name = os.path.basename(source)[:-len(".py")]
            text = self.emit_ir(source, name, "lower")
            self.compare(source[:-len(".py")] + ".expected.ir", text)
            self.check_same(name + " (lowered, read back)", text, self.opt_text(text))

    def roundtrip_one(self, source):
        name = os.path.basename(source.rstrip("/"))
        name = name[:-len(".py")] if name.endswith(".py") else name
        final = self.emit_ir(source, name)
        lowered = self.emit_ir(source, name, "lower")
        self.check_same(name + " (read back)", final, self.opt_text(final))
        self.check_same(name + " (lowered, read back)", lowered, self.opt_text(lowered))
        self.check_same(name + " (lowered, then every pass by pyaot_opt)", final,
                        self.opt_text(lowered, ALL_PASSES))

    def roundtrip(self, sources):
        assert sources, "no programs"
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for source, error in zip(sources, pool.map(self.catching(self.roundtrip_one), sources)):
                if error:
                    self.failures.append(source + ": " + error)
        print("round trip: %d programs and packages" % len(sources))

    def catching(self, check):
        def wrapped(*args):
            try:
                check(*args)
            except AssertionError as e:
                return str(e)
            return None
        return wrapped


def main(argv):
    update = "--update" in argv
    argv = [a for a in argv if a != "--update"]
    pyaot, opt, mode, args = argv[1], argv[2], argv[3], argv[4:]
    runner = Runner(os.path.abspath(pyaot), os.path.abspath(opt), update)
    if mode == "passes":
        runner.passes(args[0])
    elif mode == "lower":
        runner.lower(args[0])
    elif mode == "roundtrip":
        runner.roundtrip(args)
    else:
        sys.exit("unknown mode " + mode)
    for failure in runner.failures:
        print(failure)
    if runner.failures:
        print("%d failures" % len(runner.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
