// The suspend pass: numbers the suspension points (Yield, YieldFrom) of a
// generator or coroutine body and records what each must keep.
//
// A native generator body returns to its trampoline at every suspension
// (frontend/trampolines.cc) and is called again to resume. While it is
// suspended, its state and the SSA values live across the suspension sit
// in the frame's value stack, where CPython releases them if the generator
// is dropped: slot 0 holds the resume state (None: not started), in an
// async generator slot 1 whether the value given out is the generator's
// own (wrapped by the trampoline) or an await's, then the saved values. Runs after the refcount pass, so the saved
// values are owned references moved into the slots and back.
#pragma once

#include <string>

#include "ir/ir.h"

namespace pyaot::ir {

// Sets each suspension point's index (its resume state, from 1) and
// live_across, and the function's suspend_slots. Returns false, with the
// reason in `problem`, when a value cannot be saved (an unboxed bool).
bool assign_suspend_points(Function& function, std::string* problem);

// The stack slot of the first saved value.
inline int first_saved_slot(const Function& function) {
  return function.is_async_generator ? 2 : 1;
}

}  // namespace pyaot::ir
