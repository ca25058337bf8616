// The files of a build besides the .so: modules left out by --exclude,
// data files copied by --data-dir, and the depfile (--depfile).
#pragma once

#include <string>
#include <vector>

#include "frontend/package.h"
#include "support/diagnostics.h"

namespace pyaot::compiler {

// `path` (a file or directory of the input) below the input's parent:
// "pkg/sub/mod.py" for the package "pkg", "tool.py" for one module.
std::string path_below_input(const std::string& input, const std::string& path);

// Whether `path` (a file or directory of the input) is left out: its path
// below the input's parent ("pkg/tests/x.py"), or that of a directory above
// it ("pkg/tests"), matches a pattern (fnmatch; '*' also matches '/').
bool is_excluded(const std::string& input, const std::string& path,
                 const std::vector<std::string>& patterns);

// Drops the modules that are left out; leaving out the top module is an error.
void exclude_modules(const std::string& input, const std::vector<std::string>& patterns,
                     frontend::PackageLayout& layout, DiagnosticSink& sink);

// Copies the package's data files (every file under the package directory
// that is not one of its modules, bytecode caches and left-out files
// aside) to data_dir/<import name>/<path below the package>, where the
// loader's modules look for them. Returns the files copied (the sources).
std::vector<std::string> copy_data_files(const std::string& input,
                                         const std::vector<std::string>& patterns,
                                         const frontend::PackageLayout& layout,
                                         const std::string& data_dir, DiagnosticSink& sink);

// "OUTPUT: SOURCE ..." for make and ninja (spaces, '#' and '$' escaped).
std::string depfile_text(const std::string& output, const std::vector<std::string>& sources);

}  // namespace pyaot::compiler
