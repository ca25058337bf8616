"""pyaot_extension: a Python package compiled by pyaot into one CPython
extension module, as the build's steps (compiler/steps.h), so Bazel caches
and distributes each:

    load("@pyaot//bazel:defs.bzl", "pyaot_extension")

    pyaot_extension(
        name = "geometry",                     # import name; the .so's stem
        srcs = glob(["geometry/**/*.py"]),     # the package's modules
        opts = ["-O2"],                        # pyaot's code options
    )

Actions: one plan (written by Bazel), one `pyaot summarize` per module, one
`pyaot compile` per module (its source, the plan and the summaries), one
`pyaot link`. Outputs: NAME.cpython-311-x86_64-linux-gnu.so and
NAME.report.json (`--report`); the .so is in the target's runfiles, so a
py_library or py_test takes the target as `data` and imports NAME from its
package's runfiles directory. Actions read only their declared inputs, and
the outputs hold no absolute path (co_filename and debug info name the
module's path below the package's parent directory) and no time.
"""

_SUFFIX = ".cpython-311-x86_64-linux-gnu.so"

def _top_directory(srcs):
    """The package directory: that of the shortest __init__.py."""
    inits = [f for f in srcs if f.basename == "__init__.py"]
    if not inits:
        return None
    top = inits[0]
    for f in inits:
        if len(f.short_path) < len(top.short_path):
            top = f
    return top.short_path[:-len("/__init__.py")]

def _modules(ctx):
    """[(name, is_package, file, path below the package's parent)], top first."""
    srcs = ctx.files.srcs
    import_name = ctx.attr.module_name or ctx.label.name
    top = _top_directory(srcs)
    if top == None:
        if len(srcs) != 1:
            fail("srcs: a package needs its __init__.py; a module without one is one file")
        return import_name, "", True, [(import_name, False, srcs[0], srcs[0].basename)]
    parent = top.rpartition("/")[0]
    below_parent = len(parent) + 1 if parent else 0
    top_name = top.rpartition("/")[2]
    modules = []
    for f in srcs:
        if not f.short_path.startswith(top + "/"):
            fail("%s is not below the package directory %s" % (f.short_path, top))
        rel = f.short_path[len(top) + 1:-len(".py")]
        parts = rel.split("/")
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join([import_name] + parts)
        modules.append((name, is_package, f, f.short_path[below_parent:]))
    # The top module first, then by name (as pyaot plan orders them).
    order = sorted([("1" if m[0] != import_name else "0") + m[0] for m in modules])
    by_key = {("1" if m[0] != import_name else "0") + m[0]: m for m in modules}
    return import_name, top_name, False, [by_key[k] for k in order]

def _pyaot_extension_impl(ctx):
    import_name, source_dir, single, modules = _modules(ctx)
    work = ctx.label.name + "_pyaot/"
    plan = ctx.actions.declare_file(work + "plan")
    lines = ["pyaot-plan 1", "package " + import_name, "source-dir " + source_dir,
             "single " + ("1" if single else "0")]
    for name, is_package, f, below in modules:
        lines.append("\t".join(["module", name, "1" if is_package else "0", f.path, below, below]))
    ctx.actions.write(plan, "\n".join(lines) + "\n")

    summaries = []
    for name, _, f, _ in modules:
        summary = ctx.actions.declare_file(work + name + ".summary")
        ctx.actions.run(
            executable = ctx.executable._pyaot,
            arguments = ["summarize", "--plan", plan.path, "--module", name, "-o", summary.path],
            inputs = [plan, f],
            outputs = [summary],
            mnemonic = "PyaotSummarize",
            progress_message = "pyaot: summarizing " + name,
        )
        summaries.append(summary)

    objects = []
    parts = []
    for name, _, f, _ in modules:
        obj = ctx.actions.declare_file(work + name + ".o")
        part = ctx.actions.declare_file(work + name + ".report")
        args = ctx.actions.args()
        args.add_all(["compile", "--plan", plan, "--module", name, "-o", obj,
                      "--report-part", part])
        args.add_all(summaries, before_each = "--summary")
        args.add_all(ctx.attr.opts)
        ctx.actions.run(
            executable = ctx.executable._pyaot,
            arguments = [args],
            inputs = [plan, f] + summaries,
            outputs = [obj, part],
            mnemonic = "PyaotCompile",
            progress_message = "pyaot: compiling " + name,
        )
        objects.append(obj)
        parts.append(part)

    so = ctx.actions.declare_file(import_name + _SUFFIX)
    report = ctx.actions.declare_file(ctx.label.name + ".report.json")
    args = ctx.actions.args()
    args.add_all(["link", "--plan", plan])
    args.add_all(objects)
    args.add_all(["-o", so, "--report", report])
    args.add_all(parts, before_each = "--report-part")
    args.add_all(ctx.attr.opts)
    ctx.actions.run(
        executable = ctx.executable._pyaot,
        arguments = [args],
        inputs = [plan] + objects + parts,
        outputs = [so, report],
        mnemonic = "PyaotLink",
        progress_message = "pyaot: linking " + so.short_path,
    )
    return [DefaultInfo(files = depset([so, report]), runfiles = ctx.runfiles(files = [so]))]

pyaot_extension = rule(
    implementation = _pyaot_extension_impl,
    doc = "A Python 3.11 package compiled by pyaot into NAME" + _SUFFIX + ".",
    attrs = {
        "srcs": attr.label_list(
            allow_files = [".py"],
            mandatory = True,
            doc = "The package's modules: its __init__.py and every module below it " +
                  "(or one .py file)",
        ),
        "module_name": attr.string(doc = "The import name (default: the target's name)"),
        "opts": attr.string_list(
            doc = "pyaot's code options, for compile and link: -O0..-O3, -g0, " +
                  "--native=..., --no-source, --trace-lines, --debug-python, --sanitize=...",
        ),
        "_pyaot": attr.label(
            default = "@pyaot//compiler:pyaot",
            executable = True,
            cfg = "exec",
        ),
    },
)
