// Emits the package object's LLVM IR into `native_ops` (the parsed
// native-ops bitcode): the module tables the runtime shim reads
// (runtime_shim/pyaot_runtime.h), the native function bodies, and
// PyInit_<import name>, the only symbol left visible.
#pragma once

#include <memory>

#include "backend/backend.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace pyaot::backend {

std::unique_ptr<llvm::Module> emit_package_module(const PackageImage& package,
                                                  llvm::LLVMContext& context,
                                                  std::unique_ptr<llvm::Module> native_ops);

}  // namespace pyaot::backend
