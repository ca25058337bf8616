#include "compiler/report.h"

#include <cstdio>

#include "ir/infer_types.h"

namespace pyaot::compiler {
namespace {

const char* kind_of(const ast::Node& site) {
  switch (site.kind) {
    case ast::NodeKind::Module:
      return "module";
    case ast::NodeKind::ClassDef:
      return "class";
    default:
      return "function";
  }
}

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

// A native function's values (ir/infer_types.h): how many, how many of an
// exact type, how many kept unboxed; what tells a user why a loop is slow.
std::string types_json(const ir::Function& function) {
  const ir::TypeSummary summary = ir::summarize_types(function);
  return ", \"values\": {\"total\": " + std::to_string(summary.values) +
         ", \"typed\": " + std::to_string(summary.typed) +
         ", \"unboxed\": " + std::to_string(summary.unboxed) + "}";
}

std::string record(const char* kind, const std::string& module, const std::string& qualname,
                   const std::string& file, int line, const ir::Function* native,
                   const std::string& reason) {
  return "    {\"kind\": " + json_string(kind) + ", \"module\": " + json_string(module) +
         ", \"qualname\": " + json_string(qualname) + ", \"file\": " + json_string(file) +
         ", \"line\": " + std::to_string(line) + ", \"status\": " +
         json_string(native ? "native" : "fallback") + ", \"reason\": " + json_string(reason) +
         (native ? types_json(*native) : "") + "}";
}

}  // namespace

std::string build_report_json(const frontend::SourcePackage& package,
                              const std::vector<std::vector<frontend::LoweredFunction>>& lowered) {
  std::vector<std::string> records;
  size_t functions = 0, native = 0;
  for (size_t m = 0; m < package.modules.size(); ++m) {
    const frontend::SourceModule& module = package.modules[m];
    for (const frontend::LoweredFunction& f : lowered[m]) {
      const bool is_native = f.function != nullptr;
      records.push_back(record(kind_of(*f.site->node), module.file.name, f.site->qualname,
                               module.file.path, f.site->line, f.function.get(),
                               is_native ? "compiled to native code" : f.fallback_reason));
      ++functions;
      native += is_native;
    }
  }
  std::string out = "{\n  \"package\": " + json_string(package.layout.import_name) + ",\n";
  out += "  \"summary\": {\"modules\": " + std::to_string(package.modules.size()) +
         ", \"functions\": " + std::to_string(functions) +
         ", \"native\": " + std::to_string(native) +
         ", \"fallback\": " + std::to_string(records.size() - native) + "},\n";
  out += "  \"entries\": [\n";
  for (size_t i = 0; i < records.size(); ++i) {
    out += records[i] + (i + 1 < records.size() ? ",\n" : "\n");
  }
  out += "  ]\n}\n";
  return out;
}

}  // namespace pyaot::compiler
