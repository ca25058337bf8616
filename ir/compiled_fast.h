// Which bodies are compiled fast: a module or class body (it runs once),
// or a large one without a loop (each of its ops runs once per call). They
// keep their locals in the frame and their numbers boxed (no promotion, no
// unboxing: code that runs once gains nothing from them, and they made such
// bodies several times larger), and the backend gives them LLVM's fast code
// generator. Decided once, early in the pipeline, so the passes and the
// backend agree.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void choose_compiled_fast(Function& function);

}  // namespace pyaot::ir
