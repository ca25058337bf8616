// Liveness of SSA values over a function's CFG (handler edges included):
// the values each block needs on entry and keeps alive on exit. A value
// moved into a successor's phi counts as live at the end of that
// predecessor, as does a value a branch tests. Used by the refcount pass
// (owned objects) and the generator pass (every value that must survive a
// suspension).
#pragma once

#include <map>
#include <set>

#include "ir/ir.h"

namespace pyaot::ir {

using ValueSet = std::set<Instruction*>;

struct Liveness {
  std::map<BasicBlock*, ValueSet> live_in;
  std::map<BasicBlock*, ValueSet> live_out;
};

// Only values for which `tracked` is true are considered.
Liveness compute_liveness(Function& f, bool (*tracked)(const Instruction*));

// What is alive right after `i` if it completes normally (`after_i` holds
// what is alive after it in its block), plus, if it can unwind, what its
// handler needs: the values that must survive the instruction.
ValueSet live_across(const Instruction& i, const ValueSet& after_i, const Liveness& live);

}  // namespace pyaot::ir
