// Reads the IR's text form (ir/printer.h) back into Functions, so passes can
// be tested as "this IR in, that IR out" (ir/testdata, ir/pyaot_opt).
//
// In: the text of a file, as `pyaot build --emit=ir` writes it (hand-written
// input may leave out the printer's column padding). Out: its functions,
// and the comment lines between them (functions left to bytecode), in
// order. Value and block numbers are kept, so parse then print gives the
// printed bytes back.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.h"

namespace pyaot::ir {

// One entry of a file: a function, or else top-level comment lines (one
// for a function left to bytecode, or several in a row).
struct TextEntry {
  std::unique_ptr<Function> function;
  std::string comment;  // "# f: bytecode (reason)", without the last newline
};

// The entries of `text`; on a syntax error, nullopt and `error` set to
// "FILENAME:LINE:COL: error: MESSAGE".
std::optional<std::vector<TextEntry>> parse_ir(std::string_view text, std::string_view filename,
                                               std::string* error);

// Prints entries as the driver writes them: each followed by a blank line.
std::string print_entries(const std::vector<TextEntry>& entries);

}  // namespace pyaot::ir
