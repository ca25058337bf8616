// pyaot: the command line. The only file that includes CLI11.
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "compiler/memory_guard.h"
#include "ir/pipeline.h"
#include "support/diagnostics.h"

namespace {

using pyaot::compiler::BuildRequest;

int usage_error(const std::string& message, const std::string& hint) {
  pyaot::Diagnostic d;
  d.message = message;
  std::fputs(pyaot::format_diagnostic(d, false).c_str(), stderr);
  std::fprintf(stderr, "Run '%s --help' for usage.\n", hint.c_str());
  return pyaot::compiler::kExitUsageErrors;
}

// The cores this process may run on (its affinity mask, which containers
// and taskset narrow), at least 1.
int available_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

// "address", "undefined" or both, comma-separated (each at most once).
bool parse_sanitizers(const std::string& list, BuildRequest* request) {
  std::string::size_type start = 0;
  while (true) {
    const std::string::size_type comma = list.find(',', start);
    const std::string name = list.substr(start, comma - start);
    bool* flag = name == "address"     ? &request->address_sanitizer
                 : name == "undefined" ? &request->undefined_sanitizer
                                       : nullptr;
    if (flag == nullptr || *flag) return false;
    *flag = true;
    if (comma == std::string::npos) return true;
    start = comma + 1;
  }
}

// CLI11 reads `-g0` as the flag -g with a value; the compilers' spellings
// -g and -g0 become --debug-info and --no-debug-info.
std::vector<std::string> arguments_with_long_debug_flags(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = argc - 1; i > 0; --i) {  // CLI11 wants them in reverse
    const std::string arg = argv[i];
    args.push_back(arg == "-g" ? "--debug-info" : arg == "-g0" ? "--no-debug-info" : arg);
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pyaot: compiles Python 3.11 packages into CPython extension modules.", "pyaot"};
  app.set_version_flag("--version", [] { return pyaot::compiler::version_text(); },
                       "Print the version and exit");
  app.require_subcommand(1);

  BuildRequest request;
  std::string emit = "so";
  std::string color = "auto";
  CLI::App* build = app.add_subcommand(
      "build", "Compile a package directory (with __init__.py) or one .py file into a .so");
  build->add_option("PATH", request.input, "Package directory or .py file")->required();
  build->add_option("-o,--output", request.output,
                    "Output file; its stem is the import name (svc.so -> import svc)")
      ->required();
  build->add_option("--module-name", request.module_name,
                    "Import name of the top module (default: the output's stem)");
  build->add_option("--report", request.report_path,
                    "Write a JSON report: each function and module body, native or fallback, "
                    "and why");
  build->add_option("--annotate", request.annotate_path,
                    "Write an HTML report of the source, each line shaded by the generic work "
                    "of its native code: DIR (index.html and one page per module) or FILE.html "
                    "(one page)");
  build->add_flag("--no-source", "Do not embed the source (tracebacks then show no lines)");
  build->add_option("--exclude", request.excludes,
                    "Leave out the package's files and directories whose path below the "
                    "input's parent matches this pattern (fnmatch: pkg/tests, pkg/*_test.py); "
                    "repeatable");
  build->add_option("--data-dir", request.data_dir,
                    "Copy the package's data files (its files that are no module) to "
                    "DIR/NAME/..., their package paths for a .so in DIR or DIR/NAME");
  build->add_option("--depfile", request.depfile_path,
                    "Write a make/ninja depfile: the output and every file the build read");
  build->add_option("--emit", emit,
                    "What to write: so (default), ir (pyaot IR text), llvm (LLVM IR text), obj")
      ->check(CLI::IsMember({"so", "ir", "llvm", "obj"}));
  build->add_option("--print-after", request.print_after,
                    "With --emit=ir: the IR after this stage rather than after the last pass: "
                    "lower (as lowered), or a pass of ir/pipeline.h")
      ->check(CLI::IsMember(pyaot::ir::stage_names()));
  std::string native = "all";
  build->add_option("--native", native,
                    "Which functions get native code: all (default), loops (only those with a "
                    "loop or comprehension), none")
      ->check(CLI::IsMember({"all", "loops", "none"}));
  build->add_flag("--debug-python",
                  "Build for Debian's debug interpreter python3.11-dbg (Py_DEBUG ABI; name the "
                  "output NAME.cpython-311d-x86_64-linux-gnu.so)");
  build->add_flag("--trace-lines", request.trace_lines,
                  "Native code reports line events to sys.settrace tracers (coverage.py, pdb), "
                  "at some cost in speed");
  build->add_flag("--debug-info,!--no-debug-info", request.debug_info,
                  "-g (default), -g0: DWARF line tables and names for the native bodies "
                  "(gdb, perf, addr2line)");
  build->add_flag("--time-report", request.time_report,
                  "Print each stage's time (parse, lower, IR passes, LLVM emission, "
                  "optimization, code generation, link) and the peak memory on stderr");
  build->add_option("-O", request.opt_level, "Optimization level, 0 to 3 (default 2)")
      ->check(CLI::Range(0, 3));
  request.jobs = available_cores();
  build->add_option("-j,--jobs", request.jobs,
                    "Objects compiled in parallel (default: the number of cores, " +
                        std::to_string(request.jobs) + " here)")
      ->check(CLI::Range(1, 256));
  std::string max_memory;
  build->add_option("--max-memory", max_memory,
                    "Cap the compiler's memory (address space): 4G, 512M, ...; a build that "
                    "needs more stops with an error naming the module, instead of meeting the "
                    "OOM killer");
  build->add_flag("-v,--verbose", request.verbose,
                  "A line per module as it is compiled, and a summary at the end (on a "
                  "terminal, a status line shows progress anyway)");
  build->add_option("--target", request.target,
                    "Target triple; only the host's is supported (the .so runs in this "
                    "machine's CPython)");
  std::string sanitize;
  build->add_option("--sanitize", sanitize,
                    "Instrument the .so: address (AddressSanitizer; run python with the ASan "
                    "runtime preloaded), undefined (UndefinedBehaviorSanitizer), or both: "
                    "address,undefined");
  // A test aid, left out of --help: fuzz/planted_bug_test.py builds with it
  // to prove that the fuzzer catches a miscompilation (backend/backend.h).
  std::string miscompile;
  build->add_option("--debug-miscompile", miscompile,
                    "Deliberately miscompile one fast path (a test aid of fuzz/)")
      ->check(CLI::IsMember({"floordiv-sign", "mul-overflow", "arithmetic-write-back"}))
      ->group("");
  build->add_option("--color", color, "Colour diagnostics: auto (default), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  try {
    app.parse(arguments_with_long_debug_flags(argc, argv));
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::string command = build->parsed() ? "pyaot build" : "pyaot";
    return usage_error(e.what(), command);
  }

  if (build->count("--annotate") > 0 && request.annotate_path.empty()) {
    return usage_error("--annotate: expected a directory or FILE.html, not an empty path",
                       "pyaot build");
  }
  if (!request.print_after.empty() && emit != "ir") {
    return usage_error("--print-after needs --emit=ir", "pyaot build");
  }
  if (build->count("--max-memory") > 0) {
    std::optional<std::int64_t> bytes = pyaot::compiler::parse_memory_size(max_memory);
    if (!bytes) {
      return usage_error("--max-memory: expected a size such as 4G or 512M, not '" + max_memory +
                             "'",
                         "pyaot build");
    }
    // Below this the embedded interpreter and LLVM cannot even start.
    constexpr std::int64_t kLeast = std::int64_t{512} << 20;
    if (*bytes < kLeast) {
      return usage_error("--max-memory: pyaot needs at least 512M to start, not '" + max_memory +
                             "'",
                         "pyaot build");
    }
    request.max_memory = *bytes;
  }
  request.embed_source = build->count("--no-source") == 0;
  request.native = native == "none"    ? BuildRequest::NativeSelection::None
                   : native == "loops" ? BuildRequest::NativeSelection::Loops
                                       : BuildRequest::NativeSelection::All;
  request.debug_abi = build->count("--debug-python") > 0;
  if (build->count("--sanitize") > 0 && !parse_sanitizers(sanitize, &request)) {
    return usage_error("--sanitize: expected address, undefined or address,undefined, not '" +
                           sanitize + "'",
                       "pyaot build");
  }
  if (request.undefined_sanitizer && request.debug_abi) {
    return usage_error("--sanitize undefined is not available with --debug-python",
                       "pyaot build");
  }
  if (!miscompile.empty()) {
    using pyaot::backend::DebugMiscompile;
    request.debug_miscompile = miscompile == "floordiv-sign"  ? DebugMiscompile::FloorDivSign
                               : miscompile == "mul-overflow" ? DebugMiscompile::MulOverflow
                                                              : DebugMiscompile::ArithmeticWriteBack;
    std::fprintf(stderr, "pyaot: warning: --debug-miscompile=%s: this build computes wrong "
                         "answers on purpose (a test aid of fuzz/)\n", miscompile.c_str());
  }
  request.emit_ir = emit == "ir";
  request.emit = emit == "llvm"  ? pyaot::backend::EmitKind::LlvmIr
                 : emit == "obj" ? pyaot::backend::EmitKind::Object
                                 : pyaot::backend::EmitKind::SharedObject;
  request.color = use_color(color);
  request.live_progress = isatty(STDERR_FILENO) && std::getenv("TERM") != nullptr &&
                          std::string(std::getenv("TERM")) != "dumb";
  return pyaot::compiler::run_build(request);
}
