#include "support/stage_clock.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <stdexcept>

namespace pyaot {
namespace {

double thread_cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

double cpu_seconds_of(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

Stopwatch::Stopwatch() : wall_start_(std::chrono::steady_clock::now()), cpu_start_(thread_cpu_now()) {}

double Stopwatch::wall_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
}

double Stopwatch::cpu_seconds() const { return thread_cpu_now() - cpu_start_; }

const std::vector<std::string>& StageTimes::stage_names() {
  // llvm_emit: pyaot IR -> LLVM IR; codegen: LLVM IR -> object code.
  static const std::vector<std::string> names = {
      "parse", "lower", "ir_passes", "llvm_emit", "llvm_optimize", "codegen", "link"};
  return names;
}

void StageTimes::add(const std::string& stage, const Stopwatch& since) {
  add(stage, StageTime{since.wall_seconds(), since.cpu_seconds()});
}

void StageTimes::add(const std::string& stage, StageTime time) {
  const auto& names = stage_names();
  const auto found = std::find(names.begin(), names.end(), stage);
  if (found == names.end()) throw std::logic_error("unknown build stage " + stage);
  std::lock_guard<std::mutex> guard(lock_);
  StageTime& total = times_[static_cast<size_t>(found - names.begin())];
  total.wall_seconds += time.wall_seconds;
  total.cpu_seconds += time.cpu_seconds;
}

StageTime StageTimes::get(const std::string& stage) const {
  const auto& names = stage_names();
  const auto found = std::find(names.begin(), names.end(), stage);
  if (found == names.end()) throw std::logic_error("unknown build stage " + stage);
  std::lock_guard<std::mutex> guard(lock_);
  return times_[static_cast<size_t>(found - names.begin())];
}

std::int64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;  // Linux: KiB
}

double process_cpu_seconds() { return cpu_seconds_of(RUSAGE_SELF); }
double children_cpu_seconds() { return cpu_seconds_of(RUSAGE_CHILDREN); }

}  // namespace pyaot
