"""The repositories pyaot's own build needs, for a workspace that builds it
as @pyaot (local_repository): call pyaot_dependencies() in its WORKSPACE,
after the offline stand-ins for rules_cc, rules_java and
remote_coverage_tools (see examples/bazel_rule/WORKSPACE)."""

load("@pyaot//build_defs:system_deps.bzl", "system_cc_library", "system_llvm", "system_python")

def pyaot_dependencies():
    """LLVM, CPython (release and debug) and CLI11, found on this machine."""
    system_llvm(name = "llvm")
    system_python(name = "python")
    system_python(name = "python_debug", python_config = "/usr/bin/python3.11-dbg-config")
    system_cc_library(
        name = "cli11",
        target_name = "cli11",
        probe_header = "CLI/CLI.hpp",
        header_subdirs = ["CLI"],
        debian_package = "libcli11-dev",
    )
