// Lowering: the AST of a function to the IR (ir/ir.h).
//
// In: a module's function sites (functions.h) and its code objects
// (python_parser.h). Out: one IR function per site, or the reason it falls
// back to its bytecode (what is not lowered yet makes the whole function
// fall back).
//
// The function runs natively inside the frame CPython made for it (its
// trampoline, trampolines.h, binds its arguments): locals live in the
// frame's slots, constants and names come from its code object, and each
// op carries the offset of the CPython instruction it stands for, so line
// numbers, tracebacks and frame introspection are the interpreter's.
// The lowerer itself is private: lowering.h, which says which lower_*.cc
// file lowers each construct.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontend/functions.h"
#include "frontend/python_parser.h"
#include "ir/ir.h"

namespace pyaot::frontend {

struct LoweredFunction {
  const FunctionSite* site = nullptr;
  const CodeObjectInfo* code = nullptr;  // null when no code object matched
  std::unique_ptr<ir::Function> function;  // null: falls back to bytecode
  std::string fallback_reason;            // why, when it falls back
};

// Lowers every function of a module (one entry per site, in order);
// trace_lines: for `pyaot build --trace-lines` (lowering.h, FunctionLowerer).
std::vector<LoweredFunction> lower_module(const std::string& module_name,
                                          const std::string& filename,
                                          const std::vector<FunctionSite>& sites,
                                          const std::vector<CodeObjectInfo>& code_objects,
                                          bool trace_lines = false);

}  // namespace pyaot::frontend
