// Emits a native function body from the IR (after the refcount pass) as an
// LLVM function `PyObject *(PyObject *self, PyObject *const *args,
// Py_ssize_t nargs)` (METH_FASTCALL): the callable a trampoline calls.
// Every IR op becomes a call of its helper in runtime_shim/native_ops_*.c,
// which must already be linked into `module`; the helpers inline.
#pragma once

#include <string>

#include "ir/ir.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace pyaot::backend {

llvm::Function* emit_native_function(const ir::Function& function, const std::string& symbol,
                                     llvm::Module& module);

}  // namespace pyaot::backend
