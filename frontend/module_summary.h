// A module's summary: what the other modules of its package may know of it
// without reading its source (compiler/steps.h compiles each module from its
// own source and the summaries of the package modules it imports).
//
// Its text is the summary step's output and part of the cache key of every
// module that imports it: a change that leaves the summary alone (a
// function's body) recompiles no other module. Deterministic: the same
// source gives the same bytes. Format (version 1), one record a line:
//
//   pyaot-summary 1
//   module pkg.sub.mod
//   package 0|1
//   import pkg.other              the package modules it imports, sorted
//   def NAME | class NAME [METHOD...] | global NAME | rebound NAME
//                                 its top-level bindings, sorted by name:
//                                 a def, a class (with the functions its
//                                 body defines), another binding, or a
//                                 name bound more than once
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "frontend/module_graph.h"

namespace pyaot::frontend {

struct ModuleBinding {
  std::string kind;  // "def", "class", "global" or "rebound"
  std::string name;
  std::vector<std::string> methods;  // a class's functions, in source order
};

struct ModuleSummary {
  static constexpr int kFormatVersion = 1;
  std::string name;
  bool is_package = false;
  std::vector<std::string> imports;
  std::vector<ModuleBinding> bindings;
};

// The summary of a parsed module with its resolved import edges.
ModuleSummary summarize_module(const std::string& name, bool is_package, const ast::Node& tree,
                               const std::vector<ImportEdge>& edges);

std::string summary_text(const ModuleSummary& summary);

// Reads summary_text's format; nullopt (and why in `error`) otherwise.
std::optional<ModuleSummary> parse_summary(const std::string& text, std::string* error);

}  // namespace pyaot::frontend
