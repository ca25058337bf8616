// Emits a native function body from the IR (after the refcount pass) as an
// LLVM function `PyObject *(PyObject *self, PyObject *const *args,
// Py_ssize_t nargs)` (METH_FASTCALL): the callable a trampoline calls.
// Most IR ops become a call of the runtime helper their ir/ops.def row
// names, with the arguments it lists and the error check of its error kind;
// the rest (control flow, suspension, unboxed arithmetic and other
// specializations) have code of their own here. The helpers (runtime_shim/
// native_ops*.c) must already be linked into `module`; they inline.
// With a `subprogram` (emit_package.h), each instruction gets the debug
// location of its IR instruction's line. Without `optimized` (-O0), and for
// bodies that run once or are large and loopless, the function is compiled
// fast: optnone, its helpers called rather than inlined.
#pragma once

#include <string>

#include "backend/backend.h"
#include "ir/ir.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace pyaot::backend {

llvm::Function* emit_native_function(const ir::Function& function, const std::string& symbol,
                                     llvm::Module& module,
                                     llvm::DISubprogram* subprogram = nullptr,
                                     DebugMiscompile miscompile = DebugMiscompile::None,
                                     bool optimized = true);

}  // namespace pyaot::backend
