// Diagnostics: what every stage reports about the user's input.
//
// Printed as `path:line:col: error: message`, then the source line and a
// caret, like compilers users already know. Columns are 1-based characters.
#pragma once

#include <string>
#include <vector>

namespace pyaot {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string path;         // empty for diagnostics about the invocation
  int line = 0;             // 1-based; 0 when unknown
  int column = 0;           // 1-based characters; 0 when unknown
  std::string message;
  std::string source_line;  // the line at `line`, for the caret display
  int caret_width = 1;      // characters to underline
};

// Collects diagnostics in the order reported.
class DiagnosticSink {
 public:
  void report(Diagnostic diagnostic);
  void error(std::string path, std::string message);
  void warning(std::string path, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
};

// The text of one diagnostic, ending in a newline; ANSI colour if `color`.
std::string format_diagnostic(const Diagnostic& diagnostic, bool color);

// Characters (code points) in the first `bytes` bytes of UTF-8 `text`.
int utf8_column(const std::string& text, int bytes);

}  // namespace pyaot
