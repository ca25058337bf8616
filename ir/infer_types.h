// infer-types: the exact type (ir/types.h) of every value of a function.
//
// A fixpoint over the function: each op's result by its transfer rule
// (ir/type_rules.h), a Phi by the join of its incoming values, and a
// LoadFast by the join of what was stored into its slot on every path to
// it (flow-sensitive: slot types flow forward over the blocks and their
// exception edges). Parameters and slots written behind the IR's back
// (UnpackSequence targets) are Object; a slot not yet bound is Bottom.
//
// Sound without guards: a frame slot of a native function changes only
// through the IR's own stores (f_locals writes never reach a running
// native frame), so a proven kind needs no check.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void infer_types(Function& function);

// What a function's values came to, for the build report: how many values
// it has, how many have an exact kind, how many are kept unboxed.
struct TypeSummary {
  int values = 0;
  int typed = 0;
  int unboxed = 0;
};
TypeSummary summarize_types(const Function& function);

}  // namespace pyaot::ir
