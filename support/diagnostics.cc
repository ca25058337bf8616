#include "support/diagnostics.h"

#include <algorithm>

namespace pyaot {
namespace {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

const char* severity_color(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "\033[1;31m";
    case Severity::Warning:
      return "\033[1;35m";
    case Severity::Note:
      return "\033[1;36m";
  }
  return "";
}

constexpr const char* kBold = "\033[1m";
constexpr const char* kGreen = "\033[1;32m";
constexpr const char* kReset = "\033[0m";

// The caret line: the source line's leading characters replaced by spaces
// (tabs kept, so the caret lines up), then the underline.
std::string caret_line(const std::string& source, int column, int width) {
  std::string out;
  int seen = 0;
  for (size_t i = 0; i < source.size() && seen < column - 1; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    out += c == '\t' ? '\t' : ' ';
    ++seen;
  }
  out += '^';
  out.append(static_cast<size_t>(std::max(width, 1) - 1), '~');
  return out;
}

}  // namespace

void DiagnosticSink::report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::error(std::string path, std::string message) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.path = std::move(path);
  d.message = std::move(message);
  report(std::move(d));
}

void DiagnosticSink::warning(std::string path, std::string message) {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.path = std::move(path);
  d.message = std::move(message);
  report(std::move(d));
}

std::string format_diagnostic(const Diagnostic& d, bool color) {
  std::string out;
  if (color) out += kBold;
  out += d.path.empty() ? "pyaot" : d.path;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.column > 0) out += ':' + std::to_string(d.column);
  }
  out += ": ";
  if (color) out += severity_color(d.severity);
  out += severity_name(d.severity);
  out += ": ";
  if (color) {
    out += kReset;
    out += kBold;
  }
  out += d.message;
  if (color) out += kReset;
  out += '\n';
  if (d.line > 0 && !d.source_line.empty()) {
    out += d.source_line + '\n';
    if (d.column > 0) {
      if (color) out += kGreen;
      out += caret_line(d.source_line, d.column, d.caret_width);
      if (color) out += kReset;
      out += '\n';
    }
  }
  return out;
}

int utf8_column(const std::string& text, int bytes) {
  int chars = 0;
  for (int i = 0; i < bytes && i < static_cast<int>(text.size()); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars;
}

}  // namespace pyaot
