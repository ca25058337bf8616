// Checks the IR's invariants (ir.h); runs after every pass in tests and
// before code generation.
#pragma once

#include <string>
#include <vector>

#include "ir/ir.h"

namespace pyaot::ir {

enum class Stage { BeforeRefcounts, AfterRefcounts };

// The list of violations; empty when the function is well formed.
std::vector<std::string> verify(const Function& function, Stage stage);

}  // namespace pyaot::ir
