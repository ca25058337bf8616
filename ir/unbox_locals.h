// unbox-locals: numbers carried unboxed across statements and loops.
//
// After promote-locals a local's values are SSA values joined by phis. A
// number web is a set of those phis and of arithmetic ops, connected
// through phi operands and arithmetic feeding arithmetic, that holds a
// value stored into a promoted local. It computes in doubles when one of
// its ops says floats (a float operand, `/`), else in 64-bit ints when one
// says ints (an int operand, `//`, `%`, a bit operator). Each of its values
// then holds a number or an object (Repr F64/I64 of ir/types.h: the number
// is the value when the object is NULL, as inside the trees of
// ir/unbox_arithmetic.h). Nothing is assumed: each op checks its operands
// and takes the generic path otherwise, so a local may become any object
// midway and stay right. A use that needs an object (or another web's
// numbers) gets a BoxNumber; a store of a number leaves the local's frame
// slot empty until frame-sync writes it back.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void unbox_locals(Function& function);

}  // namespace pyaot::ir
