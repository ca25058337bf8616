// The package's module graph: which module imports which, with absolute
// and relative imports resolved to module names.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace pyaot::frontend {

struct ImportEdge {
  std::string target;  // an absolute module name
  int line = 0;
  bool internal = false;  // target is a module of this package
};

struct ModuleGraph {
  // Every import edge of each module, in source order.
  std::map<std::string, std::vector<ImportEdge>> imports;

  // The package modules that `module` imports directly.
  std::set<std::string> internal_imports(const std::string& module) const;
};

struct ModuleInfo {
  std::string name;
  std::string path;
  bool is_package = false;
  const ast::Node* tree = nullptr;
};

// Resolves every import statement (anywhere in each module, functions
// included). `top` is the package's import name; `source_dir_name` its
// directory's name, which absolute imports may use by mistake. Imports that
// will fail at run time (a relative import beyond the top package, a missing
// package module) are warnings: the source would fail the same way.
ModuleGraph build_module_graph(const std::vector<ModuleInfo>& modules, const std::string& top,
                               const std::string& source_dir_name, bool single_module,
                               DiagnosticSink& sink);

// The edges of one module, as build_module_graph finds them, given the
// names of every module of the package (a module compiled on its own,
// compiler/steps.h).
std::vector<ImportEdge> resolve_imports(const ModuleInfo& module,
                                        const std::vector<std::string>& package_modules,
                                        const std::string& top,
                                        const std::string& source_dir_name, bool single_module,
                                        DiagnosticSink& sink);

}  // namespace pyaot::frontend
