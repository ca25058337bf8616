// Emits the package object's LLVM IR: the module tables the runtime shim
// reads (runtime_shim/pyaot_runtime.h) and PyInit_<import name>.
#pragma once

#include <memory>

#include "backend/backend.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace pyaot::backend {

std::unique_ptr<llvm::Module> emit_package_module(const PackageImage& package,
                                                  llvm::LLVMContext& context);

}  // namespace pyaot::backend
