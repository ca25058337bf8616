#include "compiler/build_timings.h"

#include <algorithm>
#include <cstdio>

namespace pyaot::compiler {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

std::string stage_json(const StageTime& time) {
  return "{\"wall_seconds\": " + number(time.wall_seconds) +
         ", \"cpu_seconds\": " + number(time.cpu_seconds) + "}";
}

// The module's stages in the pipeline's order (the later stages run on the
// package as a whole).
std::vector<std::pair<const char*, const StageTime*>> module_stages(const ModuleTiming& m) {
  return {{"parse", &m.parse}, {"lower", &m.lower}, {"ir_passes", &m.ir_passes}};
}

double mebibytes(std::int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

}  // namespace

std::string timings_json(const BuildTimings& timings) {
  std::string out = "{\"wall_seconds\": " + number(timings.total.wall_seconds()) +
                    ", \"cpu_seconds\": " +
                    number(process_cpu_seconds() + children_cpu_seconds()) +
                    ", \"peak_rss_bytes\": " + std::to_string(peak_rss_bytes()) +
                    ",\n    \"stages\": {";
  const std::vector<std::string>& names = StageTimes::stage_names();
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i ? ", " : "") + ("\"" + names[i] + "\": ") + stage_json(timings.stages.get(names[i]));
  }
  out += "},\n    \"modules\": [";
  for (size_t i = 0; i < timings.modules.size(); ++i) {
    const ModuleTiming& m = timings.modules[i];
    out += std::string(i ? "," : "") + "\n      {\"module\": \"" + m.module +
           "\", \"lines\": " + std::to_string(m.lines);
    for (const auto& [name, time] : module_stages(m)) {
      out += std::string(", \"") + name + "\": " + stage_json(*time);
    }
    out += ", \"peak_rss_bytes\": " + std::to_string(m.peak_rss_bytes) + "}";
  }
  return out + "]}";
}

std::string time_report_text(const BuildTimings& timings) {
  const double wall = timings.total.wall_seconds();
  std::int64_t lines = 0;
  for (const ModuleTiming& m : timings.modules) lines += m.lines;
  char row[256];
  std::string out = "pyaot: time report\n";
  std::snprintf(row, sizeof row, "  %-14s %10s %10s %7s\n", "stage", "wall s", "cpu s", "wall %");
  out += row;
  for (const std::string& name : StageTimes::stage_names()) {
    const StageTime t = timings.stages.get(name);
    std::snprintf(row, sizeof row, "  %-14s %10.3f %10.3f %6.1f%%\n", name.c_str(),
                  t.wall_seconds, t.cpu_seconds, wall > 0 ? 100.0 * t.wall_seconds / wall : 0.0);
    out += row;
  }
  const double cpu = process_cpu_seconds() + children_cpu_seconds();
  std::snprintf(row, sizeof row, "  %-14s %10.3f %10.3f\n", "total", wall, cpu);
  out += row;
  std::snprintf(row, sizeof row, "  %lld lines in %zu modules: %.0f lines/s (wall), %.0f lines/s (cpu); peak RSS %.1f MiB\n",
                static_cast<long long>(lines), timings.modules.size(),
                wall > 0 ? static_cast<double>(lines) / wall : 0.0,
                cpu > 0 ? static_cast<double>(lines) / cpu : 0.0,
                mebibytes(peak_rss_bytes()));
  out += row;
  // The slowest modules by the stages that run per module.
  std::vector<const ModuleTiming*> slowest;
  for (const ModuleTiming& m : timings.modules) slowest.push_back(&m);
  auto own_seconds = [](const ModuleTiming* m) {
    return m->parse.wall_seconds + m->lower.wall_seconds + m->ir_passes.wall_seconds;
  };
  std::sort(slowest.begin(), slowest.end(), [&](const ModuleTiming* a, const ModuleTiming* b) {
    return own_seconds(a) > own_seconds(b);
  });
  if (slowest.size() > 10) slowest.resize(10);
  if (!slowest.empty()) {
    std::snprintf(row, sizeof row, "  %-40s %7s %8s %8s %10s %9s\n", "module (slowest first)",
                  "lines", "parse s", "lower s", "ir_passes s", "peak MiB");
    out += row;
  }
  for (const ModuleTiming* m : slowest) {
    std::snprintf(row, sizeof row, "  %-40s %7lld %8.3f %8.3f %10.3f %9.1f\n", m->module.c_str(),
                  static_cast<long long>(m->lines), m->parse.wall_seconds, m->lower.wall_seconds,
                  m->ir_passes.wall_seconds, mebibytes(m->peak_rss_bytes));
    out += row;
  }
  return out;
}

}  // namespace pyaot::compiler
