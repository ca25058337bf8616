// Removes blocks that cannot be reached from the entry (code after a
// `while True:` without break, an else of a loop that never ends...), and
// the phi inputs that came from them. Runs before the refcount pass.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void remove_unreachable_blocks(Function& function);

}  // namespace pyaot::ir
