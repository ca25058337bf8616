// Emits the package object's LLVM IR into `native_ops` (the parsed
// native-ops bitcode): the module tables the runtime shim reads
// (runtime_shim/pyaot_runtime.h), the native function bodies, and
// PyInit_<import name>, the only symbol left visible.
//
// Each native body is the symbol of its qualified name ("pkg.mod.C.f",
// "pkg.mod.<module>"). With `debug_info`, DWARF describes them: one
// compile unit, a subprogram per body of that name in its module's file
// (the path below the input's parent, relative: builds at any place give
// the same bytes), and line-table rows at the .py line of each IR
// instruction; the runtime's helpers, which carry no debug info, take the
// line of the op they were inlined into.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace pyaot::backend {

std::unique_ptr<llvm::Module> emit_package_module(const PackageImage& package,
                                                  llvm::LLVMContext& context,
                                                  std::unique_ptr<llvm::Module> native_ops,
                                                  bool debug_info, bool optimized,
                                                  DebugMiscompile miscompile);

// A package compiled module by module (compiler/steps.h): each module's
// object holds its code, natives and PyaotModuleEntry under
// module_entry_symbol(name), hidden; the package index object holds the
// PyaotPackage naming those entries (modules[0] the top) and PyInit.
std::string module_entry_symbol(const std::string& module_name);
std::unique_ptr<llvm::Module> emit_module_part(const ModuleImage& module,
                                               llvm::LLVMContext& context,
                                               std::unique_ptr<llvm::Module> native_ops,
                                               bool debug_info, bool optimized,
                                               DebugMiscompile miscompile);
std::unique_ptr<llvm::Module> emit_package_index(const std::string& import_name,
                                                 const std::vector<std::string>& module_names,
                                                 llvm::LLVMContext& context);

}  // namespace pyaot::backend
