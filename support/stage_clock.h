// How long a build's stages take and how much memory it holds: what
// `--report` records under "timings" and `--time-report` prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace pyaot {

// Wall and CPU seconds (the CPU of the calling thread) since construction.
class Stopwatch {
 public:
  Stopwatch();
  double wall_seconds() const;
  double cpu_seconds() const;

 private:
  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_;
};

struct StageTime {
  double wall_seconds = 0;
  double cpu_seconds = 0;
};

// The build's stages, in pipeline order, each summed over the modules (and
// over the objects compiled in parallel). Thread-safe.
class StageTimes {
 public:
  static const std::vector<std::string>& stage_names();  // parse, lower, ir_passes, ...
  void add(const std::string& stage, const Stopwatch& since);
  void add(const std::string& stage, StageTime time);
  StageTime get(const std::string& stage) const;

 private:
  mutable std::mutex lock_;
  std::vector<StageTime> times_ = std::vector<StageTime>(stage_names().size());
};

// The process's high-water mark of resident memory, in bytes.
std::int64_t peak_rss_bytes();
// The CPU seconds (user + system) of this process, and of the children it
// waited for (the linker).
double process_cpu_seconds();
double children_cpu_seconds();

}  // namespace pyaot
