// One transfer rule per op of ops.def: the exact type of an op's result
// from its operands' types and its immediates. The rules are sound for
// exact builtin types only (a subclass is Object), and say Bottom when an
// operand is Bottom (not reached yet) so the fixpoint of ir/infer_types.h
// climbs monotonically.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

// The result kind of `i` given its operands' current kinds. LoadFast and
// Phi depend on more than operands and are the inference pass's own.
TypeKind result_kind(const Instruction& i);

// The result kind of `a <kind> b` for these exact operand kinds (Object
// when unknown: a user type may define the operator any way it likes).
TypeKind binary_result_kind(BinaryKind kind, TypeKind a, TypeKind b);

}  // namespace pyaot::ir
