// CPython's own parser and compiler, embedded.
//
// In: a module's bytes and its filename. Out: the C++ AST, the decoded
// source text, and the marshaled code object (the module's __code__ and its
// fallback). Syntax errors carry CPython's message, line and column.
// The embedded interpreter itself is embedded_python.h's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace pyaot::frontend {

// One CPython instruction of a code object (dis.get_instructions).
struct BytecodeInstruction {
  int offset = 0;  // in code units
  std::string opname;
  int arg = -1;
  int line = -1, column = -1, end_line = -1, end_column = -1;  // positions; -1: none
};

// What lowering needs to know of a function's code object.
struct CodeObjectInfo {
  std::string qualname;
  int first_line = 0;
  int ordinal = 0;  // its place in a pre-order walk of the module's code objects
  int flags = 0;
  int argcount = 0, posonly_argcount = 0, kwonly_argcount = 0;
  std::vector<std::string> varnames, cellvars, freevars, names;
  // repr() of each constant that is a literal (None, bool, number, str,
  // bytes, Ellipsis); "" for the others (tuples, code objects...).
  std::vector<std::string> const_reprs;
  // The UTF-8 text of each constant that is a str (surrogates passed
  // through); nothing for the others.
  std::vector<std::optional<std::string>> const_strs;
  // type(c).__name__ of each constant: its exact type ("int", "tuple", "NoneType"...).
  std::vector<std::string> const_types;
  std::vector<BytecodeInstruction> instructions;
};

struct ParsedSource {
  std::unique_ptr<ast::Node> tree;  // a Module node
  std::string text;                 // decoded source (PEP 263, BOM, newlines), UTF-8
  std::string marshaled_code;       // marshal.dumps(compile(bytes, filename, "exec"))
  std::vector<CodeObjectInfo> code_objects;  // the module's and every nested one
};

// Parses and compiles `bytes` as CPython's source loader would, with
// `filename` as co_filename. Errors and compile-time warnings (SyntaxWarning,
// DeprecationWarning) go to `sink`; nullopt on error.
std::optional<ParsedSource> parse_module(const std::string& bytes, const std::string& filename,
                                         DiagnosticSink& sink);

// Python's own ast.dump(ast.parse(bytes)): the reference for conversion tests.
std::string python_ast_dump(const std::string& bytes);

// The embedded interpreter's version, e.g. "3.11.2".
std::string python_version();

}  // namespace pyaot::frontend
