// The IR's text form (`pyaot build --emit=ir`), one instruction a line with
// its source line and bytecode offset.
#pragma once

#include <string>

#include "ir/ir.h"

namespace pyaot::ir {

std::string print_function(const Function& function);

}  // namespace pyaot::ir
