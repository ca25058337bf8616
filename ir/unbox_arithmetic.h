// Unboxed arithmetic trees: in a * b + c, the product is used once, by the
// sum. Such a tree of arithmetic is computed in doubles or in 64-bit ints:
// when an op's operands are two numbers of its kind, its result stays a
// number (its object NULL) for the next op to read. Anything else (another
// type, a zero divisor, an overflow) takes the generic operation in its
// turn, a number boxed first, so the order of evaluation and every result
// and error are the generic path's (backend/emit_native.cc emits both).
//
// In: a function after the refcount and suspend passes. Out: the ops of
// each tree marked with `arithmetic` (the kind they compute in when their
// operands allow) and, below the root, an unboxed representation
// (`type.repr` f64 or i64: Instruction::unboxed_result()). A tree whose
// root is an index a[i] or a value a[i] = v or a.name = v keeps its root a
// number too: the item is read or stored at the number, the value boxed by
// the store or written into the old float or int that only the list or the
// instance holds (self.count += 1 allocates nothing).
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void select_unboxed_arithmetic(Function& function);

// A binary or in-place operator: the ops the number passes compute.
bool is_arithmetic(const Instruction& i);

// Whether arithmetic op `i` can compute unboxed in `numbers` (doubles:
// + - * / **; 64-bit ints: + - * // % & | ^ << >>).
bool unboxes_in(const Instruction& i, NumberKind numbers);

// Whether `access` is an a[i] or a[i] = v with `index` as i only.
bool indexes_by(const Instruction& access, const Instruction& index);

// Whether `store` is an a[i] = v storing `value` as v only (not as a or
// i), or an a.name = v storing it as v only.
bool stores_number(const Instruction& store, const Instruction& value);

}  // namespace pyaot::ir
