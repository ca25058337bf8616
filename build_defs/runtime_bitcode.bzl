"""clang-19 -> LLVM bitcode for the runtime shim, against the real Python headers."""

load("@llvm//:defs.bzl", "LLVM_BINDIR")

CLANG_FLAGS = " ".join([
    "-c -emit-llvm -O2 -fPIC -fvisibility=hidden -std=c11",
    "-fno-strict-aliasing -fwrapv",
    "-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers",
])

# UndefinedBehaviorSanitizer's checks are inserted by clang's code generation,
# so `--sanitize undefined` needs bitcode compiled with them. A finding calls
# a noreturn handler (no recovery): the run fails. -fwrapv stays, as in
# CPython's own build: signed overflow wraps and is not reported.
UBSAN_FLAGS = "-fsanitize=undefined -fno-sanitize-recover=undefined"

# Compiles C sources to one bitcode file with clang-19 against the real
# Python headers.
def runtime_bitcode(name, srcs, out, python = "python", undefined_sanitizer = False):
    """One bitcode file `out` from the C files `srcs` (llvm-link'ed), against
    the headers of the Python repository `python` ("python" or "python_debug"),
    with UBSan's checks if `undefined_sanitizer`."""
    native.genrule(
        name = name,
        srcs = srcs + native.glob(["*.h", "*.def"]) + ["@%s//:header_files" % python],
        outs = [out],
        # A fresh parts directory: a file dropped from `srcs` must not be linked.
        cmd = ("rm -rf $(@D)/%s_parts && mkdir -p $(@D)/%s_parts && " % (name, name) +
               "for f in " + " ".join(["$(location %s)" % s for s in srcs]) + "; do " +
               LLVM_BINDIR + "/clang " + CLANG_FLAGS +
               # Release builds drop the headers' asserts; the debug ABI keeps them.
               (" -DNDEBUG" if python == "python" else "") +
               (" " + UBSAN_FLAGS if undefined_sanitizer else "") +
               " -I external/%s/include -I runtime_shim" % python +
               " -o $(@D)/%s_parts/$$(basename $$f .c).bc $$f || exit 1; done && " % name +
               LLVM_BINDIR + "/llvm-link -o $@ $(@D)/%s_parts/*.bc" % name),
    )

