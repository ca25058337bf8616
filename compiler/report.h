// The build report (--report FILE.json): one record per module body and
// function, native or fallback, and why.
#pragma once

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

// The records as JSON, with a summary, and `timings_json` (a JSON object,
// compiler/build_timings.h) as "timings" unless empty.
std::string build_report_json(const frontend::SourcePackage& package,
                              const std::vector<std::vector<frontend::LoweredFunction>>& lowered,
                              const std::string& timings_json = "");

}  // namespace pyaot::compiler
