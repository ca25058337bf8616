// The build report (--report FILE.json): one record per module body and
// function, native or fallback, and why.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "frontend/lower.h"

namespace pyaot::compiler {

// One module body, class body or function: what --report writes and
// --annotate (compiler/annotate.h) shows.
struct FunctionRecord {
  const char* kind;  // "module", "class" or "function"
  size_t module;     // its index in package.modules
  const frontend::LoweredFunction* lowered;
  const ir::Function* native() const { return lowered->function.get(); }
  // "compiled to native code", or why it runs as bytecode.
  std::string reason() const;
};

// Every record of the package, module by module in source order.
// `lowered[i]` holds the lowering results of package.modules[i].
std::vector<FunctionRecord> function_records(
    const frontend::SourcePackage& package,
    const std::vector<std::vector<frontend::LoweredFunction>>& lowered);

// One module's records, as JSON text ("    {...}" joined by ",\n"): the
// part of the report its compile step makes (compiler/steps.h).
struct ModuleReport {
  size_t functions = 0;
  size_t native = 0;
  std::string records;
};
ModuleReport module_report(const frontend::SourceModule& module,
                           const std::vector<frontend::LoweredFunction>& lowered);
// A part as a file (pyaot compile --report-part), and back.
std::string module_report_text(const ModuleReport& report);
std::optional<ModuleReport> parse_module_report(const std::string& text);
// The report of the package from its modules' parts, in package order,
// with `timings_json` (a JSON object, compiler/build_timings.h) as
// "timings" unless empty.
std::string report_json(const std::string& import_name, const std::vector<ModuleReport>& modules,
                        const std::string& timings_json = "");

// The records as JSON, with a summary (and timings, as report_json).
std::string build_report_json(const frontend::SourcePackage& package,
                              const std::vector<std::vector<frontend::LoweredFunction>>& lowered,
                              const std::string& timings_json = "");

}  // namespace pyaot::compiler
