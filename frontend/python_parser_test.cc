#include <doctest/doctest.h>

#include "frontend/python_parser.h"

using namespace pyaot;

TEST_CASE("a syntax error carries CPython's message, line and column") {
  DiagnosticSink sink;
  auto parsed = frontend::parse_module("x = 1\ny = (2 +\n", "/src/m.py", sink);
  CHECK_FALSE(parsed.has_value());
  REQUIRE(sink.diagnostics().size() == 1);
  const Diagnostic& d = sink.diagnostics()[0];
  CHECK(d.path == "/src/m.py");
  CHECK(d.message == "'(' was never closed");
  CHECK(d.line == 2);
  CHECK(d.column == 5);
  CHECK(d.source_line == "y = (2 +");
}

TEST_CASE("errors found by CPython's compiler, not its parser, are reported too") {
  DiagnosticSink sink;
  CHECK_FALSE(frontend::parse_module("def f():\n    pass\nreturn 1\n", "m.py", sink));
  REQUIRE(sink.has_errors());
  CHECK(sink.diagnostics()[0].message == "'return' outside function");
  CHECK(sink.diagnostics()[0].line == 3);
}

TEST_CASE("indentation errors say which error they are") {
  DiagnosticSink sink;
  CHECK_FALSE(frontend::parse_module("if x:\npass\n", "m.py", sink));
  CHECK(sink.diagnostics()[0].message.rfind("IndentationError: expected an indented block", 0) ==
        0);
}

TEST_CASE("source is decoded as the importer decodes it: PEP 263 cookie and BOM") {
  DiagnosticSink sink;
  auto latin1 = frontend::parse_module("# -*- coding: latin-1 -*-\ns = '\xe9'\n", "m.py", sink);
  REQUIRE(latin1.has_value());
  CHECK(latin1->text == "# -*- coding: latin-1 -*-\ns = '\xc3\xa9'\n");
  auto bom = frontend::parse_module("\xef\xbb\xbfx = 1\r\n", "m.py", sink);
  REQUIRE(bom.has_value());
  CHECK(bom->text == "x = 1\n");
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("undecodable source is an error, not a crash") {
  DiagnosticSink sink;
  CHECK_FALSE(frontend::parse_module("s = '\xff'\n", "m.py", sink));
  REQUIRE(sink.has_errors());
  CHECK(sink.diagnostics()[0].message.find("utf-8") != std::string::npos);
}

TEST_CASE("compile-time warnings become build warnings with the line") {
  DiagnosticSink sink;
  auto parsed = frontend::parse_module("x = 1\nif x is 1:\n    pass\n", "m.py", sink);
  REQUIRE(parsed.has_value());
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].severity == Severity::Warning);
  CHECK(sink.diagnostics()[0].line == 2);
  CHECK(sink.diagnostics()[0].message.rfind("SyntaxWarning: ", 0) == 0);
  CHECK(sink.diagnostics()[0].source_line == "if x is 1:");
}

TEST_CASE("the marshaled code object is produced for valid modules") {
  DiagnosticSink sink;
  auto parsed = frontend::parse_module("def f():\n    return 42\n", "m.py", sink);
  REQUIRE(parsed.has_value());
  CHECK(parsed->marshaled_code.size() > 20);
  CHECK(frontend::python_version().rfind("3.11.", 0) == 0);
}
