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
#include "compiler/steps.h"
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
// and taskset narrow), at least 1: -j's default.
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

// The options that change the code (build, compile and link take them).
struct CodeOptionText {
  std::string native = "all";
  std::string sanitize;
  std::string miscompile;
};

void add_code_options(CLI::App* command, BuildRequest& request, CodeOptionText& text) {
  command->add_flag("--no-source", "Do not embed the source (tracebacks then show no lines)");
  command->add_option("--native", text.native,
                      "Which functions get native code: all (default), loops (only those with a "
                      "loop or comprehension), none")
      ->check(CLI::IsMember({"all", "loops", "none"}));
  command->add_flag("--debug-python",
                    "Build for Debian's debug interpreter python3.11-dbg (Py_DEBUG ABI; name the "
                    "output NAME.cpython-311d-x86_64-linux-gnu.so)");
  command->add_flag("--trace-lines", request.trace_lines,
                    "Native code reports line events to sys.settrace tracers (coverage.py, pdb), "
                    "at some cost in speed");
  command->add_flag("--debug-info,!--no-debug-info", request.debug_info,
                    "-g (default), -g0: DWARF line tables and names for the native bodies "
                    "(gdb, perf, addr2line)");
  command->add_option("-O", request.opt_level, "Optimization level, 0 to 3 (default 2)")
      ->check(CLI::Range(0, 3));
  command->add_option("--target", request.target,
                      "Target triple; only the host's is supported (the .so runs in this "
                      "machine's CPython)");
  command->add_option("--sanitize", text.sanitize,
                      "Instrument the .so: address (AddressSanitizer; run python with the ASan "
                      "runtime preloaded), undefined (UndefinedBehaviorSanitizer), or both: "
                      "address,undefined");
  // A test aid, left out of --help: fuzz/planted_bug_test.py builds with it
  // to prove that the fuzzer catches a miscompilation (backend/backend.h).
  command->add_option("--debug-miscompile", text.miscompile,
                      "Deliberately miscompile one fast path (a test aid of fuzz/)")
      ->check(CLI::IsMember({"floordiv-sign", "mul-overflow", "arithmetic-write-back"}))
      ->group("");
}

// Reads the code options of the command that ran; a usage error's message, or "".
std::string finish_code_options(CLI::App* command, const CodeOptionText& text,
                                BuildRequest& request) {
  request.embed_source = command->count("--no-source") == 0;
  request.native = text.native == "none"    ? BuildRequest::NativeSelection::None
                   : text.native == "loops" ? BuildRequest::NativeSelection::Loops
                                            : BuildRequest::NativeSelection::All;
  request.debug_abi = command->count("--debug-python") > 0;
  if (command->count("--sanitize") > 0 && !parse_sanitizers(text.sanitize, &request)) {
    return "--sanitize: expected address, undefined or address,undefined, not '" +
           text.sanitize + "'";
  }
  if (request.undefined_sanitizer && request.debug_abi) {
    return "--sanitize undefined is not available with --debug-python";
  }
  if (!text.miscompile.empty()) {
    using pyaot::backend::DebugMiscompile;
    request.debug_miscompile = text.miscompile == "floordiv-sign"  ? DebugMiscompile::FloorDivSign
                               : text.miscompile == "mul-overflow" ? DebugMiscompile::MulOverflow
                                                         : DebugMiscompile::ArithmeticWriteBack;
    std::fprintf(stderr, "pyaot: warning: --debug-miscompile=%s: this build computes wrong "
                         "answers on purpose (a test aid of fuzz/)\n", text.miscompile.c_str());
  }
  return "";
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
  build->add_flag("--time-report", request.time_report,
                  "Print each stage's time (parse, lower, IR passes, LLVM emission, "
                  "optimization, code generation, link) and the peak memory on stderr");
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
  build->add_option("--color", color, "Colour diagnostics: auto (default), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  CodeOptionText code_text;
  add_code_options(build, request, code_text);
  build->add_option("--cache-dir", request.cache_dir,
                    "The build cache: each module's summary and object kept under a hash of "
                    "all it depends on (default $XDG_CACHE_HOME/pyaot, else ~/.cache/pyaot)");
  build->add_flag("--no-cache", request.no_cache, "Neither read nor fill the build cache");
  std::string cache_max_size;
  build->add_option("--cache-max-size", cache_max_size,
                    "Past this size (5G by default; 512M, 20G, ...) a build that stored entries "
                    "removes the least recently used ones");
  build->add_flag("--cache-stats", request.cache_stats,
                  "Print a line on stderr: the cache's hits and the steps run");

  // The build's steps, for build systems that schedule them (compiler/steps.h).
  std::string plan_path, module, report_part;
  std::vector<std::string> summaries, objects, report_parts;
  CLI::App* plan = app.add_subcommand(
      "plan", "Write the plan of a package: its modules, the files they come from and their "
              "names (the input of summarize, compile and link)");
  plan->add_option("PATH", request.input, "Package directory or .py file")->required();
  plan->add_option("-o,--output", plan_path, "The plan file")->required();
  plan->add_option("--module-name", request.module_name,
                   "Import name of the top module (default: the input's name)");
  plan->add_option("--exclude", request.excludes,
                   "Leave out files and directories matching this pattern (as build)");
  CLI::App* summarize = app.add_subcommand(
      "summarize", "Write one module's summary: what the modules importing it may know of it");
  summarize->add_option("--plan", plan_path, "The package's plan (pyaot plan)")->required();
  summarize->add_option("--module", module, "The module (its name in the plan)")->required();
  summarize->add_option("-o,--output", request.output, "The summary file")->required();
  CLI::App* compile = app.add_subcommand(
      "compile", "Compile one module to an object, from its source and the summaries of the "
                 "package modules it imports");
  compile->add_option("--plan", plan_path, "The package's plan (pyaot plan)")->required();
  compile->add_option("--module", module, "The module (its name in the plan)")->required();
  compile->add_option("--summary", summaries,
                      "A summary of a package module (pyaot summarize); repeatable: at least "
                      "those of the modules it imports");
  compile->add_option("-o,--output", request.output, "The object file")->required();
  compile->add_option("--report-part", report_part, "Write its part of the --report JSON");
  CodeOptionText compile_text;
  add_code_options(compile, request, compile_text);
  CLI::App* link = app.add_subcommand(
      "link", "Link the package's module objects, in the plan's order, into the .so");
  link->add_option("--plan", plan_path, "The package's plan (pyaot plan)")->required();
  link->add_option("OBJECTS", objects, "The module objects (pyaot compile), in plan order")
      ->required();
  link->add_option("-o,--output", request.output, "The extension module")->required();
  link->add_option("--report", request.report_path, "Write the JSON report (needs --report-part)");
  link->add_option("--report-part", report_parts,
                   "The modules' report parts (pyaot compile --report-part), in plan order");
  CodeOptionText link_text;
  add_code_options(link, request, link_text);

  try {
    app.parse(arguments_with_long_debug_flags(argc, argv));
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::string command = "pyaot";
    for (const CLI::App* sub : {build, plan, summarize, compile, link}) {
      if (sub->parsed()) command = "pyaot " + sub->get_name();
    }
    return usage_error(e.what(), command);
  }
  request.color = use_color(color);
  if (!build->parsed()) {
    pyaot::compiler::remove_temporaries_on_signals();
    pyaot::DiagnosticSink sink;
    int rc = pyaot::compiler::kExitOk;
    if (plan->parsed()) {
      rc = pyaot::compiler::run_plan_command(request, plan_path, sink);
    } else if (summarize->parsed()) {
      rc = pyaot::compiler::run_summarize_command(plan_path, module, request.output, sink);
    } else {
      CLI::App* command = compile->parsed() ? compile : link;
      const std::string error = finish_code_options(
          command, compile->parsed() ? compile_text : link_text, request);
      if (!error.empty()) return usage_error(error, "pyaot " + command->get_name());
      rc = compile->parsed()
               ? pyaot::compiler::run_compile_command(request, plan_path, module, summaries,
                                                      report_part, sink)
               : pyaot::compiler::run_link_command(request, plan_path, objects, report_parts,
                                                   sink);
    }
    for (const pyaot::Diagnostic& d : sink.diagnostics()) {
      std::fputs(pyaot::format_diagnostic(d, request.color).c_str(), stderr);
    }
    return rc;
  }

  if (build->count("--annotate") > 0 && request.annotate_path.empty()) {
    return usage_error("--annotate: expected a directory or FILE.html, not an empty path",
                       "pyaot build");
  }
  if (!request.print_after.empty() && emit != "ir") {
    return usage_error("--print-after needs --emit=ir", "pyaot build");
  }
  if (const std::string error = finish_code_options(build, code_text, request); !error.empty()) {
    return usage_error(error, "pyaot build");
  }
  if (build->count("--cache-max-size") > 0) {
    std::optional<std::int64_t> bytes = pyaot::compiler::parse_memory_size(cache_max_size);
    if (!bytes) {
      return usage_error("--cache-max-size: expected a size such as 5G or 512M, not '" +
                             cache_max_size + "'",
                         "pyaot build");
    }
    request.cache_max_bytes = *bytes;
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
  request.emit_ir = emit == "ir";
  request.emit = emit == "llvm"  ? pyaot::backend::EmitKind::LlvmIr
                 : emit == "obj" ? pyaot::backend::EmitKind::Object
                                 : pyaot::backend::EmitKind::SharedObject;
  request.live_progress = isatty(STDERR_FILENO) && std::getenv("TERM") != nullptr &&
                          std::string(std::getenv("TERM")) != "dumb";
  return pyaot::compiler::run_build(request);
}
