// Definite binding of locals: marks the LoadFast ops whose slot is bound on
// every path to them (arguments, then stores not undone by a delete), so
// they cannot raise UnboundLocalError and need no check and no position.
// Runs before the refcount pass.
#pragma once

#include <cstdint>
#include <map>
#include <set>

#include "ir/ir.h"

namespace pyaot::ir {

void mark_bound_loads(Function& function);

// The slots bound on entry to each reachable block: on every way in, jumps
// and exception edges alike.
std::map<const BasicBlock*, std::set<std::int64_t>> bound_on_entry(const Function& function);

}  // namespace pyaot::ir
