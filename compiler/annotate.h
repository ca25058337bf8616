// The annotated report (`pyaot build --annotate DIR|FILE.html`): the
// package's source as HTML, each line shaded by the generic work its
// native code does, as ir/work.h classifies the final IR's instructions
// (a line of a function left to bytecode is shaded as interpreted). Each
// function says native or fallback and why (the --report records,
// compiler/report.h); clicking a line shows its instructions as
// `--emit=ir` prints them, with their work and guards. Self-contained:
// inline CSS and script, nothing fetched.
//
// Out: one page per module and index.html (sorted by cost) in a
// directory, or all of it in one FILE.html.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "frontend/lower.h"

namespace pyaot::compiler {

// The report's files: {relative path: HTML}. `single_file`: one page
// ("index.html" is its only key) holding the index and every module.
std::map<std::string, std::string> annotated_pages(
    const frontend::SourcePackage& package,
    const std::vector<std::vector<frontend::LoweredFunction>>& lowered, bool single_file);

}  // namespace pyaot::compiler
