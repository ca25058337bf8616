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

std::string record_json(const frontend::SourceModule& module, const FunctionRecord& r) {
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

ModuleReport module_report(const frontend::SourceModule& module,
                           const std::vector<frontend::LoweredFunction>& lowered) {
  ModuleReport report;
  for (const frontend::LoweredFunction& f : lowered) {
    const FunctionRecord record{kind_of(*f.site->node), 0, &f};
    if (report.functions++ > 0) report.records += ",\n";
    report.records += record_json(module, record);
    report.native += record.native() != nullptr;
  }
  return report;
}

std::string module_report_text(const ModuleReport& report) {
  return "pyaot-report-part 1\n" + std::to_string(report.functions) + " " +
         std::to_string(report.native) + "\n" + report.records;
}

std::optional<ModuleReport> parse_module_report(const std::string& text) {
  const std::string magic = "pyaot-report-part 1\n";
  if (text.compare(0, magic.size(), magic) != 0) return std::nullopt;
  const size_t counts_end = text.find('\n', magic.size());
  if (counts_end == std::string::npos) return std::nullopt;
  ModuleReport report;
  if (std::sscanf(text.c_str() + magic.size(), "%zu %zu", &report.functions, &report.native) !=
      2) {
    return std::nullopt;
  }
  report.records = text.substr(counts_end + 1);
  return report;
}

std::string report_json(const std::string& import_name, const std::vector<ModuleReport>& modules,
                        const std::string& timings_json) {
  size_t functions = 0, native = 0;
  for (const ModuleReport& m : modules) {
    functions += m.functions;
    native += m.native;
  }
  std::string out = "{\n  \"package\": " + json_string(import_name) + ",\n";
  out += "  \"summary\": {\"modules\": " + std::to_string(modules.size()) +
         ", \"functions\": " + std::to_string(functions) +
         ", \"native\": " + std::to_string(native) +
         ", \"fallback\": " + std::to_string(functions - native) + "},\n";
  out += "  \"entries\": [\n";
  bool first = true;
  for (const ModuleReport& m : modules) {
    if (m.functions == 0) continue;
    out += (first ? "" : ",\n") + m.records;
    first = false;
  }
  out += first ? "  ]" : "\n  ]";
  out += timings_json.empty() ? "\n}\n" : ",\n  \"timings\": " + timings_json + "\n}\n";
  return out;
}

std::string build_report_json(const frontend::SourcePackage& package,
                              const std::vector<std::vector<frontend::LoweredFunction>>& lowered,
                              const std::string& timings_json) {
  std::vector<ModuleReport> modules;
  for (size_t m = 0; m < package.modules.size(); ++m) {
    modules.push_back(module_report(package.modules[m], lowered[m]));
  }
  return report_json(package.layout.import_name, modules, timings_json);
}

}  // namespace pyaot::compiler
