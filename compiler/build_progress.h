// What a build shows while it runs: on a terminal, one status line
// rewritten in place ("[137/563] pkg.algorithms.flow  00:12"); elsewhere,
// with --verbose, a line per module; and, on a terminal or with --verbose,
// a one-line summary at the end (modules, lines, time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "support/stage_clock.h"

namespace pyaot::compiler {

class BuildProgress {
 public:
  // `live`: stderr is a terminal (the status line); `verbose`: --verbose.
  BuildProgress(bool live, bool verbose, size_t modules);
  ~BuildProgress();
  // Module `index` (0-based) of the package is being compiled.
  void module(size_t index, const std::string& name);
  // A package-wide step after the modules: "optimizing", "linking", ...
  void step(const std::string& what);
  // How many module objects came from the build cache (the summary says).
  void set_cache_hits(size_t hits) { cache_hits_ = hits; }
  // The build succeeded: clears the status line, prints the summary.
  void finish(std::int64_t lines);
  // Takes the status line away (before diagnostics).
  void clear();

 private:
  void show(const std::string& text);
  std::string elapsed() const;

  bool live_;
  bool verbose_;
  size_t modules_;
  Stopwatch clock_;
  bool shown_ = false;
  std::optional<size_t> cache_hits_;
};

// Clears a status line from a signal handler (async-signal-safe).
void clear_status_line_for_signal();

}  // namespace pyaot::compiler
