// frame-sync: where the frame must get back the locals held as numbers.
//
// unbox-locals leaves a promoted local's frame slot empty while its value
// is an unboxed number. Whoever can look at the frame must find the
// value there: a callee (sys._getframe, locals(), a debugger), a
// traceback (tb_frame.f_locals), a signal handler, a finaliser, the frame
// object after the return. So before each op that can run Python code or
// leave the function, the locals whose slot may lack their value get it
// (Instruction::sync_slots/sync_values); the backend writes each one, boxed,
// when its object is NULL. Unboxed arithmetic and comparisons, the
// eval-breaker check, the next() of a builtin iterator (range, list,
// tuple, str, dict, set) and a line event (with a tracer set) write them
// back on their generic path only, the one that can run Python code;
// elsewhere no frame write happens.
// Left out: a finaliser run by a store or a release (a __del__ reached by
// dropping a local's old value) sees such a local unbound.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void insert_frame_sync(Function& function);

// Whether `i` writes back only on its generic path (see above).
bool syncs_on_generic_path(const Instruction& i);

}  // namespace pyaot::ir
