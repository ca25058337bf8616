// pyaot_opt: runs IR passes on IR text, as LLVM's `opt` does.
//
//   pyaot_opt [--passes=a,b|all] [--verify] FILE.ir
//
// Reads the IR text of FILE.ir (`pyaot build --emit=ir`, or written by
// hand), runs the named passes of ir/pipeline.h on each function in the
// order given (`all`: the whole pipeline, as pyaot runs it; none: the
// text is read and printed back), and prints the
// result on stdout. A function a pass gives up on becomes the comment the
// driver writes for a function left to bytecode. --verify runs the verifier
// after each pass. Exit codes: 1 for a syntax error or IR the verifier
// rejects, 2 for bad usage.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ir/parser.h"
#include "ir/pipeline.h"
#include "ir/printer.h"

namespace {

int usage(const std::string& message) {
  std::string names;
  for (const pyaot::ir::Pass& pass : pyaot::ir::pipeline_passes()) {
    names += (names.empty() ? "" : ", ") + std::string(pass.name);
  }
  std::fprintf(stderr,
               "pyaot_opt: error: %s\nusage: pyaot_opt [--passes=a,b|all] [--verify] FILE.ir\n"
               "passes: %s\n",
               message.c_str(), names.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<const pyaot::ir::Pass*> passes;
  bool verify = false;
  std::string path;
  for (int k = 1; k < argc; ++k) {
    std::string arg = argv[k];
    if (arg.rfind("--passes=", 0) == 0) {
      std::stringstream list(arg.substr(9));
      std::string name;
      while (std::getline(list, name, ',')) {
        if (name == "all") {
          for (const pyaot::ir::Pass& pass : pyaot::ir::pipeline_passes()) {
            if (!pass.on_request) passes.push_back(&pass);
          }
          continue;
        }
        const pyaot::ir::Pass* pass = pyaot::ir::find_pass(name);
        if (!pass) return usage("unknown pass '" + name + "'");
        passes.push_back(pass);
      }
    } else if (arg == "--verify") {
      verify = true;
    } else if (arg.rfind("-", 0) == 0 || !path.empty()) {
      return usage("unexpected argument '" + arg + "'");
    } else {
      path = arg;
    }
  }
  if (path.empty()) return usage("no input file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return usage("cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();

  std::string error;
  auto entries = pyaot::ir::parse_ir(text.str(), path, &error);
  if (!entries) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  for (pyaot::ir::TextEntry& entry : *entries) {
    if (!entry.function) continue;
    auto failure = pyaot::ir::run_passes(*entry.function, passes, verify);
    if (!failure) continue;
    if (failure->errors.empty()) {
      entry.comment = pyaot::ir::print_fallback(entry.function->qualname, failure->problem);
      entry.function.reset();
      continue;
    }
    std::fprintf(stderr, "%s: error: invalid IR for '%s' after pass %s: %s\n", path.c_str(),
                 entry.function->qualname.c_str(), failure->pass.c_str(),
                 failure->errors[0].c_str());
    return 1;
  }
  std::cout << pyaot::ir::print_entries(*entries);
  return 0;
}
