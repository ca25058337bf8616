#include "frontend/frontend.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pyaot::frontend {

std::optional<std::string> read_source(const std::string& path, DiagnosticSink& sink) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    sink.error(path, std::filesystem::exists(path, ec)
                         ? "cannot read file: not a regular file"
                         : "cannot read file: no such file (a dangling symbolic link?)");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink.error(path, std::string("cannot read file: ") + std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    sink.error(path, std::string("cannot read file: ") + std::strerror(errno));
    return std::nullopt;
  }
  return bytes.str();
}

std::optional<SourcePackage> load_package(PackageLayout layout, DiagnosticSink& sink) {
  SourcePackage package;
  bool ok = true;
  for (const ModuleFile& file : layout.modules) {
    Stopwatch parsing;
    std::optional<std::string> bytes = read_source(file.path, sink);
    if (!bytes) {
      ok = false;
      continue;
    }
    std::optional<ParsedSource> parsed = parse_module(*bytes, file.path, sink);
    if (!parsed) {
      ok = false;
      continue;
    }
    SourceModule module{file, std::move(*parsed), {}};
    module.functions = list_functions(*module.parsed.tree);
    module.parse_time = {parsing.wall_seconds(), parsing.cpu_seconds()};
    package.modules.push_back(std::move(module));
  }
  if (!ok) return std::nullopt;

  std::vector<ModuleInfo> infos;
  for (const SourceModule& m : package.modules) {
    infos.push_back({m.file.name, m.file.path, m.file.is_package, m.parsed.tree.get()});
  }
  package.graph = build_module_graph(infos, layout.import_name, layout.source_dir_name,
                                     layout.is_single_module, sink);
  package.layout = std::move(layout);
  return package;
}

}  // namespace pyaot::frontend
