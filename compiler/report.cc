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

std::string record_json(const frontend::SourcePackage& package, const FunctionRecord& r) {
  const frontend::SourceModule& module = package.modules[r.module];
  return "    {\"kind\": " + json_string(r.kind) + ", \"module\": " + json_string(module.file.name) +
         ", \"qualname\": " + json_string(r.lowered->site->qualname) +
         ", \"file\": " + json_string(module.file.path) +
         ", \"line\": " + std::to_string(r.lowered->site->line) + ", \"status\": " +
         json_string(r.native() ? "native" : "fallback") + ", \"reason\": " +
         json_string(r.reason()) + (r.native() ? types_json(*r.native()) : "") + "}";
}

}  // namespace

std::string FunctionRecord::reason() const {
  return native() ? "compiled to native code" : lowered->fallback_reason;
}

std::vector<FunctionRecord> function_records(
    const frontend::SourcePackage& package,
    const std::vector<std::vector<frontend::LoweredFunction>>& lowered) {
  std::vector<FunctionRecord> records;
  for (size_t m = 0; m < package.modules.size(); ++m) {
    for (const frontend::LoweredFunction& f : lowered[m]) {
      records.push_back({kind_of(*f.site->node), m, &f});
    }
  }
  return records;
}

std::string build_report_json(const frontend::SourcePackage& package,
                              const std::vector<std::vector<frontend::LoweredFunction>>& lowered,
                              const std::string& timings_json) {
  const std::vector<FunctionRecord> records = function_records(package, lowered);
  size_t native = 0;
  for (const FunctionRecord& r : records) native += r.native() != nullptr;
  std::string out = "{\n  \"package\": " + json_string(package.layout.import_name) + ",\n";
  out += "  \"summary\": {\"modules\": " + std::to_string(package.modules.size()) +
         ", \"functions\": " + std::to_string(records.size()) +
         ", \"native\": " + std::to_string(native) +
         ", \"fallback\": " + std::to_string(records.size() - native) + "},\n";
  out += "  \"entries\": [\n";
  for (size_t i = 0; i < records.size(); ++i) {
    out += record_json(package, records[i]) + (i + 1 < records.size() ? ",\n" : "\n");
  }
  out += timings_json.empty() ? "  ]\n}\n" : "  ],\n  \"timings\": " + timings_json + "\n}\n";
  return out;
}

}  // namespace pyaot::compiler
