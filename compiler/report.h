// The build report (--report FILE.json): one record per module body and
// function, native or fallback, and why.
#pragma once

#include <string>

#include "frontend/frontend.h"

namespace pyaot::compiler {

std::string build_report_json(const frontend::SourcePackage& package);

}  // namespace pyaot::compiler
