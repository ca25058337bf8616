// promote-locals: a function's plain local variables as SSA values.
//
// A slot qualifies when the function is neither a generator nor a module
// or class body, only StoreFast or an unpack writes it (no `del`, no cell
// shares it; an unpack's targets are read back from the frame right after
// it) and every load of it is bound on all paths
// (ir/bound_locals.h). Its loads then read the value last stored on each
// path, with phis where paths meet (Braun et al., "Simple and Efficient
// Construction of SSA Form", every block sealed), so types and unboxed
// numbers flow through them (ir/unbox_locals.h). The stores stay: the
// frame keeps what the program stored, except where unbox-locals leaves a
// number unboxed and frame-sync writes it back before anyone looks.
//
// An exception handler reloads each promoted slot from the frame (every
// error exit writes the frame back first), so no value flows along an
// exception edge. A phi made here carries its slot (index) and name.
// Left alone: a slot that `s += t` may grow in place as a str (only a
// slot's sole reference can grow), unless only numbers seed it.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void promote_locals(Function& function);

}  // namespace pyaot::ir
