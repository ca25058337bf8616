"""Repository rules that wrap libraries installed by Debian packages.

Nothing is downloaded.  Each rule runs a *-config tool (llvm-config-NN,
python3.11-config) or looks in the standard include directories, symlinks the
header directory into the external repository and generates a BUILD file with
cc_library targets.  Paths are discovered on the machine, not hard-coded.

Override with --repo_env (or a plain environment variable):
  LLVM_CONFIG=/usr/bin/llvm-config-14    pick another LLVM
  PYTHON_CONFIG=/usr/bin/python3.11-config
"""

def _fail_if_bad(result, what):
    if result.return_code != 0:
        fail("%s failed (rc=%d): %s%s" % (what, result.return_code, result.stdout, result.stderr))
    return result.stdout.strip()

def _run(rctx, tool, *args):
    return _fail_if_bad(rctx.execute([tool] + list(args)), "%s %s" % (tool, " ".join(args)))

def _which_first(rctx, candidates):
    for c in candidates:
        if c.startswith("/"):
            p = rctx.path(c)
            if p.exists:
                return p
        else:
            p = rctx.which(c)
            if p != None:
                return p
    return None

def _is_system_libdir(d):
    return d in ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"]

# --------------------------------------------------------------------------
# LLVM + Clang
# --------------------------------------------------------------------------

_LLVM_BUILD = """\
package(default_visibility = ["//visibility:public"])

# LLVM {version} found via {llvm_config}
# include dir: {includedir}   lib dir: {libdir}

cc_library(
    name = "llvm_headers",
    hdrs = glob(["include/llvm/**", "include/llvm-c/**"]),
    includes = ["include"],
    defines = {defines},
)

# Core LLVM, linked dynamically against the single shared libLLVM.
cc_library(
    name = "llvm",
    hdrs = ["gen/system_llvm_config.h"],  # LLVM_BINDIR (ld.lld), CLANG_RESOURCE_DIR
    includes = ["gen"],
    deps = [":llvm_headers"],
    linkopts = [
        "-L{libdir}",
        "-Wl,-rpath,{libdir}",
        "-l{llvm_shlib}",
    ],
)

cc_library(
    name = "clang_headers",
    hdrs = glob(["include/clang/**", "include/clang-c/**"]),
    includes = ["include"],
    deps = [":llvm_headers"],
)

# Clang C++ API (driver, frontend, CodeGen, libTooling) via libclang-cpp.so.
cc_library(
    name = "clang",
    hdrs = ["gen/system_llvm_config.h"],  # CLANG_RESOURCE_DIR, LLVM_BINDIR
    includes = ["gen"],
    deps = [":clang_headers", ":llvm"],
    linkopts = [
        "-L{libdir}",
        "-Wl,-rpath,{libdir}",
        "-lclang-cpp",
    ],
)

exports_files(["version.txt"])
"""

def _llvm_repo_impl(rctx):
    candidates = []
    if rctx.os.environ.get("LLVM_CONFIG"):
        candidates.append(rctx.os.environ["LLVM_CONFIG"])
    candidates += rctx.attr.llvm_config_candidates
    llvm_config = _which_first(rctx, candidates)
    if llvm_config == None:
        fail("No llvm-config found; tried %s. apt-get install llvm-19-dev libclang-19-dev libclang-cpp19-dev" % candidates)

    version = _run(rctx, llvm_config, "--version")
    includedir = _run(rctx, llvm_config, "--includedir")
    libdir = _run(rctx, llvm_config, "--libdir")
    bindir = _run(rctx, llvm_config, "--bindir")
    major = version.split(".")[0]

    # libLLVM-19.so / libLLVM-14.so ; `--libs` prints -lLLVM-19 in shared mode.
    llvm_shlib = "LLVM-" + major
    libs = _run(rctx, llvm_config, "--link-shared", "--libs").split(" ")
    for l in libs:
        if l.startswith("-lLLVM"):
            llvm_shlib = l[2:]

    # -D flags from llvm-config --cxxflags (drop -I, -std, -fno-exceptions ...)
    defines = [f[2:] for f in _run(rctx, llvm_config, "--cxxflags").split(" ") if f.startswith("-D")]

    # clang resource dir (builtin headers such as stddef.h) for in-process clang
    resource_dir = ""
    clang = rctx.path(bindir + "/clang")
    if clang.exists:
        r = rctx.execute([clang, "-print-resource-dir"])
        if r.return_code == 0:
            resource_dir = r.stdout.strip()
    if not resource_dir:
        resource_dir = "%s/clang/%s" % (libdir, major)

    rctx.symlink(includedir, "include")
    rctx.file("version.txt", version + "\n")
    rctx.file("gen/system_llvm_config.h", "\n".join([
        "#pragma once",
        "#define SYSTEM_LLVM_VERSION %r" % version,
        "#define LLVM_BINDIR %r" % bindir,
        "#define CLANG_RESOURCE_DIR %r" % resource_dir,
        "",
    ]))
    rctx.file("BUILD.bazel", _LLVM_BUILD.format(
        version = version,
        llvm_config = str(llvm_config),
        includedir = includedir,
        libdir = libdir,
        llvm_shlib = llvm_shlib,
        defines = repr(defines),
    ))

    # Expose the version to Starlark/BUILD users if they need to select on it.
    rctx.file("defs.bzl", "LLVM_VERSION = %r\nLLVM_VERSION_MAJOR = %s\nLLVM_BINDIR = %r\n" % (version, major, bindir))

system_llvm = repository_rule(
    implementation = _llvm_repo_impl,
    attrs = {
        "llvm_config_candidates": attr.string_list(
            default = ["llvm-config-19", "llvm-config-18", "llvm-config-17", "llvm-config-14", "llvm-config"],
        ),
    },
    environ = ["LLVM_CONFIG", "PATH"],
    local = True,
    configure = True,
)

# --------------------------------------------------------------------------
# CPython
# --------------------------------------------------------------------------

_PY_BUILD = """\
package(default_visibility = ["//visibility:public"])

# Python {version} found via {python_config}

# Headers only: for extension modules (they must NOT link libpython).
cc_library(
    name = "python_headers",
    hdrs = glob(["include/**/*.h"]),
    includes = ["include"],
)

# Headers + libpython: for programs that embed the interpreter.
cc_library(
    name = "python_embed",
    deps = [":python_headers"],
    linkopts = {embed_linkopts},
)

# Header files as plain files, for genrules that run clang on the runtime shim.
filegroup(
    name = "header_files",
    srcs = glob(["include/**/*.h"]),
)

exports_files(["ext_suffix.txt"])
"""

def _python_repo_impl(rctx):
    candidates = []
    if rctx.attr.python_config:
        candidates.append(rctx.attr.python_config)
    elif rctx.os.environ.get("PYTHON_CONFIG"):
        candidates.append(rctx.os.environ["PYTHON_CONFIG"])
    candidates += rctx.attr.python_config_candidates
    pyconf = _which_first(rctx, candidates)
    if pyconf == None:
        fail("No python3.11-config found; tried %s. apt-get install python3.11-dev" % candidates)

    includes = _run(rctx, pyconf, "--includes").split(" ")
    incdir = None
    for i in includes:
        if i.startswith("-I"):
            incdir = i[2:]
            break
    if incdir == None:
        fail("cannot parse %s --includes" % pyconf)

    ldflags = [f for f in _run(rctx, pyconf, "--ldflags", "--embed").split(" ") if f]
    linkopts = []
    for f in ldflags:
        linkopts.append(f)
        if f.startswith("-L") and not _is_system_libdir(f[2:]) and "/config-" not in f:
            linkopts.append("-Wl,-rpath," + f[2:])
    ext_suffix = _run(rctx, pyconf, "--extension-suffix")

    rctx.symlink(incdir, "include")
    rctx.file("ext_suffix.txt", ext_suffix + "\n")
    rctx.file("BUILD.bazel", _PY_BUILD.format(
        version = incdir.split("/")[-1],
        python_config = str(pyconf),
        embed_linkopts = repr(linkopts),
    ))

system_python = repository_rule(
    implementation = _python_repo_impl,
    attrs = {
        # A specific python*-config (e.g. the debug build's); overrides PYTHON_CONFIG.
        "python_config": attr.string(default = ""),
        "python_config_candidates": attr.string_list(
            default = ["python3.11-config"],
        ),
    },
    environ = ["PYTHON_CONFIG", "PATH"],
    local = True,
    configure = True,
)

# --------------------------------------------------------------------------
# Generic "library from /usr/include + /usr/lib" (fmt, CLI11, doctest)
# --------------------------------------------------------------------------

def _sys_lib_impl(rctx):
    found = None
    for d in rctx.attr.include_dirs:
        if rctx.path(d + "/" + rctx.attr.probe_header).exists:
            found = d
            break
    if found == None:
        fail("%s: header %s not found in %s (install %s)" % (
            rctx.name,
            rctx.attr.probe_header,
            rctx.attr.include_dirs,
            rctx.attr.debian_package,
        ))
    for sub in rctx.attr.header_subdirs:
        rctx.symlink(found + "/" + sub, "include/" + sub)
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

cc_library(
    name = "{name}",
    hdrs = glob(["include/**"]),
    includes = ["include"],
    defines = {defines},
    linkopts = {linkopts},
)
""".format(
        name = rctx.attr.target_name,
        defines = repr(rctx.attr.defines),
        linkopts = repr(["-l" + l for l in rctx.attr.libs]),
    ))

system_cc_library = repository_rule(
    implementation = _sys_lib_impl,
    attrs = {
        "target_name": attr.string(mandatory = True),
        "probe_header": attr.string(mandatory = True),
        "header_subdirs": attr.string_list(mandatory = True),
        "include_dirs": attr.string_list(default = ["/usr/local/include", "/usr/include"]),
        "libs": attr.string_list(default = []),
        "defines": attr.string_list(default = []),
        "debian_package": attr.string(default = "?"),
    },
    local = True,
    configure = True,
)
