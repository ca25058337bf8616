#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "support/diagnostics.h"

#include <doctest/doctest.h>

using pyaot::Diagnostic;
using pyaot::format_diagnostic;

TEST_CASE("an error with a position shows the line and a caret under the column") {
  Diagnostic d;
  d.path = "pkg/mod.py";
  d.line = 3;
  d.column = 9;
  d.message = "invalid syntax";
  d.source_line = "    x = (1 +";
  CHECK(format_diagnostic(d, false) ==
        "pkg/mod.py:3:9: error: invalid syntax\n"
        "    x = (1 +\n"
        "        ^\n");
}

TEST_CASE("the caret keeps tabs and counts UTF-8 characters, not bytes") {
  Diagnostic d;
  d.path = "m.py";
  d.line = 1;
  d.column = 4;
  d.caret_width = 3;
  d.message = "m";
  d.source_line = "\t\xc3\xa9=abc";  // tab, e-acute, '='
  CHECK(format_diagnostic(d, false) == "m.py:1:4: error: m\n\t\xc3\xa9=abc\n\t  ^~~\n");
}

TEST_CASE("a diagnostic without a position names only the path") {
  Diagnostic d;
  d.severity = pyaot::Severity::Warning;
  d.path = "pkg/data.txt";
  d.message = "not a Python module";
  CHECK(format_diagnostic(d, false) == "pkg/data.txt: warning: not a Python module\n");
}

TEST_CASE("colour wraps the severity only when asked") {
  Diagnostic d;
  d.message = "bad flag";
  CHECK(format_diagnostic(d, false) == "pyaot: error: bad flag\n");
  std::string colored = format_diagnostic(d, true);
  CHECK(colored.find("\033[1;31merror") != std::string::npos);
}

TEST_CASE("utf8_column counts code points in a byte prefix") {
  CHECK(pyaot::utf8_column("abc", 2) == 2);
  CHECK(pyaot::utf8_column("\xc3\xa9x", 2) == 1);
  CHECK(pyaot::utf8_column("\xc3\xa9x", 3) == 2);
}
