// Finding the modules of a package (or the one module of a .py file).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/diagnostics.h"

namespace pyaot::frontend {

struct ModuleFile {
  std::string name;  // runtime name: "pkg", "pkg.sub", "pkg.sub.mod"
  std::string path;  // absolute path of the .py file (its co_filename)
  bool is_package = false;
};

struct PackageLayout {
  std::string import_name;      // the top module's name at run time
  std::string source_dir_name;  // the package directory's own name ("" for a .py file)
  bool is_single_module = false;
  std::vector<ModuleFile> modules;  // modules[0] is the top module; then by name
};

// Lists the modules under `input` (a package directory with __init__.py,
// nested subpackages included, or one .py file), named below `import_name`.
// Files that cannot be part of the package are reported as warnings; an
// input that is missing or is no package is an error (nullopt).
std::optional<PackageLayout> discover_modules(const std::string& input,
                                              const std::string& import_name,
                                              DiagnosticSink& sink);

// Whether `name` can be a module name in an import statement.
bool is_module_identifier(const std::string& name);

}  // namespace pyaot::frontend
