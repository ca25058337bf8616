// Definite binding of locals: marks the LoadFast ops whose slot is bound on
// every path to them (arguments, then stores not undone by a delete), so
// they cannot raise UnboundLocalError and need no check and no position.
// Runs before the refcount pass.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void mark_bound_loads(Function& function);

}  // namespace pyaot::ir
