#include "compiler/package_files.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace pyaot::compiler {
namespace {

// The input as an absolute path without a trailing separator.
fs::path input_root(const std::string& input) {
  fs::path root = fs::absolute(input).lexically_normal();
  return root.filename().empty() ? root.parent_path() : root;
}

bool is_bytecode_cache(const fs::path& path) {
  return path.filename() == "__pycache__" || path.extension() == ".pyc";
}

// make and ninja read "\ ", "\#" and "$$" as a space, '#' and '$'.
std::string escape_for_make(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

std::string path_below_input(const std::string& input, const std::string& path) {
  return fs::absolute(path)
      .lexically_normal()
      .lexically_relative(input_root(input).parent_path())
      .generic_string();
}

bool is_excluded(const std::string& input, const std::string& path,
                 const std::vector<std::string>& patterns) {
  if (patterns.empty()) return false;
  const fs::path relative = path_below_input(input, path);
  fs::path prefix;
  for (const fs::path& part : relative) {
    prefix /= part;
    for (const std::string& pattern : patterns) {
      if (fnmatch(pattern.c_str(), prefix.generic_string().c_str(), 0) == 0) return true;
    }
  }
  return false;
}

void exclude_modules(const std::string& input, const std::vector<std::string>& patterns,
                     frontend::PackageLayout& layout, DiagnosticSink& sink) {
  if (patterns.empty()) return;
  if (is_excluded(input, layout.modules[0].path, patterns)) {
    sink.error(input, "--exclude leaves out the top module itself");
    return;
  }
  auto left_out = [&](const frontend::ModuleFile& m) {
    return is_excluded(input, m.path, patterns);
  };
  layout.modules.erase(std::remove_if(layout.modules.begin(), layout.modules.end(), left_out),
                       layout.modules.end());
}

std::vector<std::string> copy_data_files(const std::string& input,
                                         const std::vector<std::string>& patterns,
                                         const frontend::PackageLayout& layout,
                                         const std::string& data_dir, DiagnosticSink& sink) {
  std::vector<std::string> copied;
  if (layout.is_single_module) return copied;
  std::set<fs::path> modules;
  for (const frontend::ModuleFile& m : layout.modules) modules.insert(fs::path(m.path));
  const fs::path package_dir = input_root(input);
  const fs::path target_dir = fs::path(data_dir) / layout.import_name;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(package_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const fs::path path = it->path().lexically_normal();
    if (is_bytecode_cache(path) || is_excluded(input, path.string(), patterns)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && modules.count(path) == 0) files.push_back(path);
  }
  if (ec) {
    sink.error(package_dir.string(), "cannot list the package's files: " + ec.message());
    return copied;
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const fs::path target = target_dir / file.lexically_relative(package_dir);
    fs::create_directories(target.parent_path(), ec);
    const bool in_place = !ec && fs::exists(target, ec) && fs::equivalent(file, target, ec);
    if (!ec && !in_place) fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      sink.error(target.string(), "cannot copy the data file: " + ec.message());
      return copied;
    }
    copied.push_back(file.string());
  }
  return copied;
}

std::string depfile_text(const std::string& output, const std::vector<std::string>& sources) {
  std::string text = escape_for_make(output) + ":";
  for (const std::string& source : sources) text += " \\\n  " + escape_for_make(source);
  return text + "\n";
}

}  // namespace pyaot::compiler
