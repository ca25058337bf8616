#include "frontend/package.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace pyaot::frontend {
namespace {

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

std::vector<fs::directory_entry> sorted_entries(const fs::path& dir, DiagnosticSink& sink) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) sink.error(dir.string(), "cannot list directory: " + ec.message());
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  return entries;
}

void collect_package(const fs::path& dir, const std::string& package_name,
                     std::vector<ModuleFile>& modules, DiagnosticSink& sink) {
  for (const fs::directory_entry& entry : sorted_entries(dir, sink)) {
    const fs::path& path = entry.path();
    const std::string file = path.filename().string();
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      if (file == "__pycache__") continue;  // bytecode caches of the sources
      if (!is_file(path / "__init__.py")) {
        sink.warning(path.string(),
                     "directory has no __init__.py; it is not a subpackage and is not "
                     "included in the .so");
      } else if (!is_module_identifier(file)) {
        sink.warning(path.string(), "'" + file +
                                        "' is not a valid module name; the subpackage is not "
                                        "included in the .so");
      } else {
        std::string name = package_name + "." + file;
        modules.push_back({name, fs::absolute(path / "__init__.py").lexically_normal().string(),
                           true});
        collect_package(path, name, modules, sink);
      }
      continue;
    }
    if (path.extension() != ".py") {
      sink.warning(path.string(), "not a Python module; not included in the .so");
      continue;
    }
    const std::string stem = path.stem().string();
    if (stem == "__init__") continue;  // the package itself, listed by the caller
    if (!is_module_identifier(stem)) {
      sink.warning(path.string(),
                   "'" + stem + "' is not a valid module name; not included in the .so");
      continue;
    }
    modules.push_back({package_name + "." + stem, fs::absolute(path).lexically_normal().string(),
                       false});
  }
}

}  // namespace

bool is_module_identifier(const std::string& name) {
  if (name.empty()) return false;
  unsigned char first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '_' || c >= 0x80;
  });
}

std::optional<PackageLayout> discover_modules(const std::string& input,
                                              const std::string& import_name,
                                              DiagnosticSink& sink) {
  const fs::path path(input);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    sink.error(input, "no such file or directory");
    return std::nullopt;
  }
  PackageLayout layout;
  layout.import_name = import_name;
  if (fs::is_directory(status)) {
    const fs::path init = path / "__init__.py";
    if (!is_file(init)) {
      sink.error(input, "not a Python package: the directory has no __init__.py");
      return std::nullopt;
    }
    layout.source_dir_name = fs::absolute(path).lexically_normal().filename().string();
    if (layout.source_dir_name.empty()) {  // "pkg/" normalizes to "pkg/" with an empty name
      layout.source_dir_name =
          fs::absolute(path).lexically_normal().parent_path().filename().string();
    }
    layout.modules.push_back({import_name, fs::absolute(init).lexically_normal().string(), true});
    collect_package(path, import_name, layout.modules, sink);
    std::sort(layout.modules.begin() + 1, layout.modules.end(),
              [](const ModuleFile& a, const ModuleFile& b) { return a.name < b.name; });
    return layout;
  }
  if (path.extension() != ".py") {
    sink.error(input, "not a Python source file: expected a .py file or a package directory");
    return std::nullopt;
  }
  layout.is_single_module = true;
  layout.modules.push_back({import_name, fs::absolute(path).lexically_normal().string(), false});
  return layout;
}

}  // namespace pyaot::frontend
