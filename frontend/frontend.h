// The frontend stage: a package directory (or one .py file) in; parsed
// modules, their code objects and the module graph out; then each
// function lowered to IR, and the module code with its trampolines.
//
//   discover_modules (package.h) -> parse_module (python_parser.h)
//   -> build_module_graph (module_graph.h); list_functions (functions.h)
//   -> lower_module (lower.h) -> add_trampolines (trampolines.h)
//
// Private: the embedded CPython (embedded_python.h) and the lowerer
// (lowering.h and its lower_*.cc files).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "frontend/functions.h"
#include "frontend/module_graph.h"
#include "frontend/package.h"
#include "frontend/python_parser.h"
#include "support/diagnostics.h"
#include "support/stage_clock.h"

namespace pyaot::frontend {

struct SourceModule {
  ModuleFile file;
  ParsedSource parsed;
  std::vector<FunctionSite> functions;
  StageTime parse_time;  // reading and parsing it
};

struct SourcePackage {
  PackageLayout layout;
  std::vector<SourceModule> modules;  // in layout order: [0] is the top module
  ModuleGraph graph;
};

// A source file's bytes, or an error diagnostic.
std::optional<std::string> read_source(const std::string& path, DiagnosticSink& sink);

// Reads and parses every module of `layout`. Unreadable files and syntax
// errors are reported (all of them, not just the first); nullopt if any.
std::optional<SourcePackage> load_package(PackageLayout layout, DiagnosticSink& sink);

}  // namespace pyaot::frontend
