// The functions a module defines, named as CPython names them (__qualname__).
#pragma once

#include <string>
#include <vector>

#include "frontend/ast.h"

namespace pyaot::frontend {

struct FunctionSite {
  std::string qualname;  // "Cls.method", "outer.<locals>.inner", "<lambda>"
  int line = 0;
  int column = 0;  // 0-based UTF-8 bytes, as in the AST
  // FunctionDef, AsyncFunctionDef, Lambda, a comprehension; ClassDef for a
  // class body, Module for the module body.
  const ast::Node* node = nullptr;
  // The innermost class around it ("" if none): CPython mangles its private
  // names (__x) with this class's name.
  std::string class_name;
};

// The module body, then every def, async def, lambda, comprehension and
// class body in the module, in source order.
std::vector<FunctionSite> list_functions(const ast::Node& module);

}  // namespace pyaot::frontend
