// A package build as steps any build system can schedule (`pyaot plan`,
// `summarize`, `compile`, `link`), and `pyaot build`, which runs the same
// steps in-process with the build cache (compiler/cache.h):
//
//   plan       the package's modules: names, sources, co_filenames
//   summarize  per module: its summary (frontend/module_summary.h), from
//              its source alone
//   compile    per module: its object and its part of the report, from its
//              source and the summaries of the package modules it imports
//   link       one: the .so (the runtime's object, the package index, the
//              module objects) and the report
//
// The .so is the same bytes whichever way the steps run. A step's cache
// key holds everything its output depends on: the compiler's build id, the
// options that change code, the module's identity and source bytes, and
// (compile) its imports' summaries, so a change that leaves a summary
// alone recompiles only its own module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/build_progress.h"
#include "compiler/build_timings.h"
#include "compiler/driver.h"
#include "frontend/frontend.h"
#include "frontend/lower.h"
#include "frontend/package.h"
#include "support/diagnostics.h"

namespace pyaot::compiler {

// The backend's options of a request.
backend::Options backend_options(const BuildRequest& request);

// The plan file (text, versioned; fields of a module line are tab-separated):
//   pyaot-plan 1
//   package IMPORT_NAME
//   source-dir NAME        (the package directory's name; empty for a .py)
//   single 0|1             (one .py file, no package)
//   module NAME 0|1 SOURCE FILENAME DEBUG_PATH
// one module line each, the top module first: its import name, whether it
// is a package, the file to read, its co_filename and the path its debug
// info names.
struct PackagePlan {
  struct Module {
    std::string name;
    bool is_package = false;
    std::string source;
    std::string filename;
    std::string debug_path;
  };
  std::string import_name;
  std::string source_dir_name;
  bool single_module = false;
  std::vector<Module> modules;

  // The index of module `name`, or -1.
  int find(const std::string& name) const;
};

PackagePlan plan_from_layout(const std::string& input, const frontend::PackageLayout& layout);
std::string plan_text(const PackagePlan& plan);
std::optional<PackagePlan> parse_plan(const std::string& text, std::string* error);

// What the in-process build leaves for the driver's other outputs.
struct StepsResult {
  std::string report_json;
  // With keep_lowered (--annotate): every module parsed and lowered.
  std::optional<frontend::SourcePackage> package;
  std::vector<std::vector<frontend::LoweredFunction>> lowered;
};

// Builds the .so of `plan` into `output_path` by the steps, reusing and
// filling the cache at `cache_directory` ("" for none). Diagnostics go to
// `sink`; returns an exit code. Shows its progress and records its times
// (the report's "timings") when given them.
int build_by_steps(const BuildRequest& request, const PackagePlan& plan,
                   const std::string& cache_directory, bool keep_lowered,
                   const std::string& output_path, DiagnosticSink& sink, StepsResult* result,
                   BuildProgress* progress = nullptr, BuildTimings* timings = nullptr);

// The subcommands: each reads the plan, runs one step without the cache and
// writes its outputs atomically. Returns an exit code; diagnostics in `sink`.
int run_plan_command(const BuildRequest& request, const std::string& plan_path,
                     DiagnosticSink& sink);
int run_summarize_command(const std::string& plan_path, const std::string& module,
                          const std::string& output, DiagnosticSink& sink);
int run_compile_command(const BuildRequest& request, const std::string& plan_path,
                        const std::string& module, const std::vector<std::string>& summaries,
                        const std::string& report_part, DiagnosticSink& sink);
int run_link_command(const BuildRequest& request, const std::string& plan_path,
                     const std::vector<std::string>& objects,
                     const std::vector<std::string>& report_parts, DiagnosticSink& sink);

}  // namespace pyaot::compiler
