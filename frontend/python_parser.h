// CPython's own parser and compiler, embedded.
//
// In: a module's bytes and its filename. Out: the C++ AST, the decoded
// source text, and the marshaled code object (the module's __code__ and its
// fallback). Syntax errors carry CPython's message, line and column.
// This file is the only place the frontend talks to the Python C API.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace pyaot::frontend {

struct ParsedSource {
  std::unique_ptr<ast::Node> tree;  // a Module node
  std::string text;                 // decoded source (PEP 263, BOM, newlines), UTF-8
  std::string marshaled_code;       // marshal.dumps(compile(bytes, filename, "exec"))
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
