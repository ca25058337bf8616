#include "compiler/report.h"

#include <cstdio>

namespace pyaot::compiler {
namespace {

// Why code runs in the interpreter in this build: nothing is lowered to
// native code yet, so every body is its marshaled code object.
constexpr const char* kNotLoweredReason =
    "native lowering not implemented yet: runs its CPython code object";

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string record(const char* kind, const std::string& module, const std::string& qualname,
                   const std::string& file, int line) {
  return "    {\"kind\": " + json_string(kind) + ", \"module\": " + json_string(module) +
         ", \"qualname\": " + json_string(qualname) + ", \"file\": " + json_string(file) +
         ", \"line\": " + std::to_string(line) + ", \"status\": \"fallback\", \"reason\": " +
         json_string(kNotLoweredReason) + "}";
}

}  // namespace

std::string build_report_json(const frontend::SourcePackage& package) {
  std::vector<std::string> records;
  size_t functions = 0;
  for (const frontend::SourceModule& module : package.modules) {
    records.push_back(record("module", module.file.name, "<module>", module.file.path, 1));
    for (const frontend::FunctionSite& site : module.functions) {
      records.push_back(record("function", module.file.name, site.qualname, module.file.path,
                               site.line));
      ++functions;
    }
  }
  std::string out = "{\n  \"package\": " + json_string(package.layout.import_name) + ",\n";
  out += "  \"summary\": {\"modules\": " + std::to_string(package.modules.size()) +
         ", \"functions\": " + std::to_string(functions) +
         ", \"native\": 0, \"fallback\": " + std::to_string(records.size()) + "},\n";
  out += "  \"entries\": [\n";
  for (size_t i = 0; i < records.size(); ++i) {
    out += records[i] + (i + 1 < records.size() ? ",\n" : "\n");
  }
  out += "  ]\n}\n";
  return out;
}

}  // namespace pyaot::compiler
