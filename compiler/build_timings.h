// Where a build's time and memory go: per stage and per module, for the
// "timings" of --report and for --time-report on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "support/stage_clock.h"

namespace pyaot::compiler {

struct ModuleTiming {
  std::string module;  // runtime name, "pkg.sub.mod"
  std::int64_t lines = 0;
  StageTime parse, lower, ir_passes;
  // The process's high-water mark of resident memory once this module was
  // lowered and its IR passes had run.
  std::int64_t peak_rss_bytes = 0;
};

struct BuildTimings {
  Stopwatch total;  // from the start of the build
  StageTimes stages;
  std::vector<ModuleTiming> modules;
};

// The "timings" object of the report: the whole build's wall and CPU
// seconds (the linker's included) and peak RSS, each stage's seconds
// (summed over modules and objects), and each module's.
std::string timings_json(const BuildTimings& timings);

// The same as a table, for humans (--time-report).
std::string time_report_text(const BuildTimings& timings);

}  // namespace pyaot::compiler
