// The build report (--report FILE.json): one record per module body and
// function, native or fallback, and why.
#pragma once

#include <string>

#include <vector>

#include "frontend/frontend.h"
#include "frontend/lower.h"

namespace pyaot::compiler {

// `lowered[i]` holds the lowering results of package.modules[i].
std::string build_report_json(const frontend::SourcePackage& package,
                              const std::vector<std::vector<frontend::LoweredFunction>>& lowered);

}  // namespace pyaot::compiler
