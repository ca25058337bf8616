#include "compiler/steps.h"

#include <stdlib.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "compiler/build_progress.h"
#include "compiler/build_timings.h"
#include "compiler/cache.h"
#include "compiler/memory_guard.h"
#include "compiler/native_module.h"
#include "compiler/package_files.h"
#include "compiler/report.h"
#include "frontend/frontend.h"
#include "frontend/module_summary.h"

namespace fs = std::filesystem;

namespace pyaot::compiler {
namespace {

// ---- Plans --------------------------------------------------------------

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    fields.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

bool has_line_break_or_tab(const std::string& text) {
  return text.find_first_of("\t\n\r") != std::string::npos;
}

// ---- Diagnostics kept with a cache entry, replayed on a hit --------------

std::string escape_field(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string unescape_field(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char c = text[++i];
    out += c == 't' ? '\t' : c == 'n' ? '\n' : c;
  }
  return out;
}

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += std::to_string(static_cast<int>(d.severity)) + "\t" + std::to_string(d.line) + "\t" +
           std::to_string(d.column) + "\t" + std::to_string(d.caret_width) + "\t" +
           escape_field(d.path) + "\t" + escape_field(d.message) + "\t" +
           escape_field(d.source_line) + "\n";
  }
  return out;
}

std::optional<std::vector<Diagnostic>> parse_diagnostics(const std::string& text) {
  std::vector<Diagnostic> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const std::vector<std::string> f = split(line, '\t');
    if (f.size() != 7) return std::nullopt;
    Diagnostic d;
    d.severity = static_cast<Severity>(std::atoi(f[0].c_str()));
    d.line = std::atoi(f[1].c_str());
    d.column = std::atoi(f[2].c_str());
    d.caret_width = std::atoi(f[3].c_str());
    d.path = unescape_field(f[4]);
    d.message = unescape_field(f[5]);
    d.source_line = unescape_field(f[6]);
    out.push_back(std::move(d));
  }
  return out;
}

void replay(const std::vector<Diagnostic>& diagnostics, DiagnosticSink& sink) {
  for (const Diagnostic& d : diagnostics) sink.report(d);
}

// ---- Files ----------------------------------------------------------------

std::optional<std::string> read_file(const std::string& path, DiagnosticSink& sink) {
  return frontend::read_source(path, sink);
}

// A temporary directory removed with this object.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "pyaot-steps-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  bool ok() const { return !path_.empty(); }
  std::string file(const std::string& name) const { return (fs::path(path_) / name).string(); }

 private:
  std::string path_;
};

bool write_plain_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return static_cast<bool>(out);
}

// ---- The steps ------------------------------------------------------------

// The compiler in cache keys: its build id, and the versions of the shared
// libraries it runs (libLLVM, libpython), which a system update may change
// under the same binary.
const std::string& compiler_identity() {
  static const std::string identity = compiler_build_id() + "\n" + version_text();
  return identity;
}

// What changes the code of an object, for cache keys.
std::string code_options_key(const BuildRequest& r) {
  const backend::Options o = backend_options(r);
  return "native=" + std::to_string(static_cast<int>(r.native)) +
         " trace-lines=" + std::to_string(r.trace_lines) +
         " source=" + std::to_string(r.embed_source) + " O=" + std::to_string(o.opt_level) +
         " g=" + std::to_string(o.debug_info) + " debug-abi=" + std::to_string(o.debug_abi) +
         " asan=" + std::to_string(o.address_sanitizer) +
         " ubsan=" + std::to_string(o.undefined_sanitizer) + " target=" + o.target_triple +
         " miscompile=" + std::to_string(static_cast<int>(o.debug_miscompile));
}

std::vector<std::string> module_names(const PackagePlan& plan) {
  std::vector<std::string> names;
  for (const PackagePlan::Module& m : plan.modules) names.push_back(m.name);
  return names;
}

frontend::ModuleFile module_file(const PackagePlan::Module& m) {
  return {m.name, m.filename, m.is_package};
}

struct SummaryOutput {
  std::string summary;
  std::vector<Diagnostic> diagnostics;
  std::optional<frontend::ParsedSource> parsed;
  StageTime parse_time;
};

// Summarize: parse the module and resolve its imports. On the user's
// errors (in the diagnostics) nothing is parsed.
SummaryOutput summarize_step(const PackagePlan& plan, size_t index,
                                            const std::string& bytes) {
  const PackagePlan::Module& m = plan.modules[index];
  DiagnosticSink local;
  SummaryOutput out;
  Stopwatch parsing;
  out.parsed = frontend::parse_module(bytes, m.filename, local);
  out.parse_time = {parsing.wall_seconds(), parsing.cpu_seconds()};
  if (out.parsed) {
    const frontend::ModuleInfo info{m.name, m.filename, m.is_package, out.parsed->tree.get()};
    const std::vector<frontend::ImportEdge> edges =
        frontend::resolve_imports(info, module_names(plan), plan.import_name,
                                  plan.source_dir_name, plan.single_module, local);
    out.summary = frontend::summary_text(
        frontend::summarize_module(m.name, m.is_package, *out.parsed->tree, edges));
  }
  out.diagnostics = local.diagnostics();
  return out;
}

std::string summary_key(const PackagePlan& plan, size_t index, const std::string& bytes) {
  const PackagePlan::Module& m = plan.modules[index];
  ContentHash key;
  key.add("step", "summary").add("compiler", compiler_identity());
  key.add("format", std::to_string(frontend::ModuleSummary::kFormatVersion));
  // Its import warnings depend on the package's other modules' names.
  key.add("package", plan.import_name).add("source-dir", plan.source_dir_name);
  key.add("single", std::to_string(plan.single_module));
  for (const std::string& name : module_names(plan)) key.add("module-name", name);
  key.add("module", m.name).add("is-package", std::to_string(m.is_package));
  key.add("filename", m.filename).add("source", bytes);
  return key.hex();
}

// The summaries module `index` reads: those of the package modules its own
// summary says it imports. False (and an error) when one is missing.
bool imported_summaries(const PackagePlan& plan, const std::string& own_summary,
                        const std::vector<std::optional<std::string>>& summaries,
                        std::vector<std::pair<std::string, std::string>>* out, std::string* error) {
  std::optional<frontend::ModuleSummary> own = frontend::parse_summary(own_summary, error);
  if (!own) return false;
  for (const std::string& target : own->imports) {
    const int j = plan.find(target);
    if (j < 0 || !summaries[j]) {
      *error = "no summary of '" + target + "', which '" + own->name + "' imports";
      return false;
    }
    out->emplace_back(target, *summaries[j]);
  }
  return true;
}

std::string object_key(const BuildRequest& request, const PackagePlan& plan, size_t index,
                       const std::string& bytes,
                       const std::vector<std::pair<std::string, std::string>>& imports) {
  const PackagePlan::Module& m = plan.modules[index];
  ContentHash key;
  key.add("step", "object").add("compiler", compiler_identity());
  key.add("options", code_options_key(request));
  key.add("module", m.name).add("is-package", std::to_string(m.is_package));
  key.add("filename", m.filename).add("debug-path", m.debug_path).add("source", bytes);
  for (const auto& [name, summary] : imports) key.add("import " + name, summary);
  return key.hex();
}

std::string runtime_key(const BuildRequest& request) {
  ContentHash key;
  key.add("step", "runtime").add("compiler", compiler_identity());
  key.add("options", code_options_key(request));
  return key.hex();
}

// Compile, the frontend's half: lower the module and run the IR passes.
struct LoweredModule {
  frontend::SourceModule source;
  NativeModule native;
  std::vector<Diagnostic> diagnostics;
};

LoweredModule lower_step(const BuildRequest& request, const PackagePlan& plan, size_t index,
                         frontend::ParsedSource parsed, ModuleTiming& timing) {
  const PackagePlan::Module& m = plan.modules[index];
  LoweredModule out{{module_file(m), std::move(parsed), {}}, {}, {}};
  out.source.functions = frontend::list_functions(*out.source.parsed.tree);
  DiagnosticSink local;
  const std::vector<const ir::Pass*> passes = ir::passes_through("", request.trace_lines);
  out.native =
      compile_module(out.source, request.native, request.trace_lines, passes, local, timing);
  out.diagnostics = local.diagnostics();
  return out;
}

// Compile, the backend's half, for several modules at once (-j): each
// object's bytes, or an error.
std::optional<std::string> emit_objects(const BuildRequest& request, const PackagePlan& plan,
                                        const std::vector<size_t>& indices,
                                        const std::vector<LoweredModule*>& lowered,
                                        std::vector<std::string>* objects,
                                        StageTimes* stage_times = nullptr) {
  ScratchDirectory scratch;
  if (!scratch.ok()) return std::string("cannot create a temporary directory");
  std::vector<backend::ModuleImage> images;
  std::vector<std::string> paths;
  for (size_t k = 0; k < indices.size(); ++k) {
    const PackagePlan::Module& m = plan.modules[indices[k]];
    images.push_back(module_image(lowered[k]->source.file, m.debug_path,
                                  lowered[k]->source.parsed, lowered[k]->native,
                                  request.embed_source));
    paths.push_back(scratch.file(std::to_string(k) + ".o"));
  }
  std::vector<const backend::ModuleImage*> pointers;
  for (const backend::ModuleImage& image : images) pointers.push_back(&image);
  backend::Options options = backend_options(request);
  options.stage_times = stage_times;
  if (auto error = backend::compile_module_objects(pointers, options, paths)) {
    return error;
  }
  DiagnosticSink ignored;
  for (const std::string& path : paths) {
    std::optional<std::string> bytes = read_file(path, ignored);
    if (!bytes) return "cannot read back the object " + path;
    objects->push_back(std::move(*bytes));
  }
  return std::nullopt;
}

// Link: the .so from the module objects (in plan order) and, if given, the
// runtime's object.
std::optional<std::string> link_step(const BuildRequest& request, const PackagePlan& plan,
                                     const std::vector<std::string>& objects,
                                     const std::optional<std::string>& runtime_object,
                                     const std::string& output_path,
                                     StageTimes* stage_times = nullptr) {
  ScratchDirectory scratch;
  if (!scratch.ok()) return std::string("cannot create a temporary directory");
  backend::Options options = backend_options(request);
  options.stage_times = stage_times;
  const std::string runtime_path = scratch.file("runtime.o");
  if (runtime_object) {
    if (!write_plain_file(runtime_path, *runtime_object)) return "cannot write " + runtime_path;
  } else if (auto error = backend::compile_runtime_object(options, runtime_path)) {
    return error;
  }
  std::vector<std::string> paths;
  for (size_t i = 0; i < objects.size(); ++i) {
    paths.push_back(scratch.file("module" + std::to_string(i) + ".o"));
    if (!write_plain_file(paths.back(), objects[i])) return "cannot write " + paths.back();
  }
  return backend::link_package(plan.import_name, module_names(plan), runtime_path, paths, options,
                               output_path);
}

std::optional<PackagePlan> read_plan(const std::string& path, DiagnosticSink& sink) {
  std::optional<std::string> text = read_file(path, sink);
  if (!text) return std::nullopt;
  std::string error;
  std::optional<PackagePlan> plan = parse_plan(*text, &error);
  if (!plan) sink.error(path, "not a pyaot plan: " + error);
  return plan;
}

int module_index(const PackagePlan& plan, const std::string& module, const std::string& plan_path,
                 DiagnosticSink& sink) {
  const int index = plan.find(module);
  if (index < 0) sink.error(plan_path, "the plan has no module '" + module + "'");
  return index;
}

}  // namespace

backend::Options backend_options(const BuildRequest& request) {
  backend::Options options;
  options.opt_level = request.opt_level;
  options.jobs = request.jobs;
  options.emit = request.emit;
  options.target_triple = request.target;
  options.debug_abi = request.debug_abi;
  options.address_sanitizer = request.address_sanitizer;
  options.undefined_sanitizer = request.undefined_sanitizer;
  options.debug_info = request.debug_info;
  options.debug_miscompile = request.debug_miscompile;
  return options;
}

int PackagePlan::find(const std::string& name) const {
  for (size_t i = 0; i < modules.size(); ++i) {
    if (modules[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

PackagePlan plan_from_layout(const std::string& input, const frontend::PackageLayout& layout) {
  PackagePlan plan;
  plan.import_name = layout.import_name;
  plan.source_dir_name = layout.source_dir_name;
  plan.single_module = layout.is_single_module;
  for (const frontend::ModuleFile& file : layout.modules) {
    plan.modules.push_back(
        {file.name, file.is_package, file.path, file.path, path_below_input(input, file.path)});
  }
  return plan;
}

std::string plan_text(const PackagePlan& plan) {
  std::string out = "pyaot-plan 1\npackage " + plan.import_name + "\nsource-dir " +
                    plan.source_dir_name + "\nsingle " + (plan.single_module ? "1" : "0") + "\n";
  for (const PackagePlan::Module& m : plan.modules) {
    out += "module\t" + m.name + "\t" + (m.is_package ? "1" : "0") + "\t" + m.source + "\t" +
           m.filename + "\t" + m.debug_path + "\n";
  }
  return out;
}

std::optional<PackagePlan> parse_plan(const std::string& text, std::string* error) {
  std::istringstream in(text);
  std::string line;
  PackagePlan plan;
  auto field = [&](const std::string& name, std::string* value) {
    if (!std::getline(in, line) || line.compare(0, name.size() + 1, name + " ") != 0) {
      *error = "expected '" + name + " ...'";
      return false;
    }
    *value = line.substr(name.size() + 1);
    return true;
  };
  std::string single;
  if (!std::getline(in, line) || line != "pyaot-plan 1") {
    *error = "expected 'pyaot-plan 1' (its format version) first";
    return std::nullopt;
  }
  if (!field("package", &plan.import_name) || !field("source-dir", &plan.source_dir_name) ||
      !field("single", &single)) {
    return std::nullopt;
  }
  plan.single_module = single == "1";
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split(line, '\t');
    if (f.size() != 6 || f[0] != "module" || (f[2] != "0" && f[2] != "1")) {
      *error = "a malformed module line: '" + line + "'";
      return std::nullopt;
    }
    plan.modules.push_back({f[1], f[2] == "1", f[3], f[4], f[5]});
  }
  if (plan.modules.empty() || plan.modules[0].name != plan.import_name) {
    *error = "the first module must be the package's top module '" + plan.import_name + "'";
    return std::nullopt;
  }
  return plan;
}

int build_by_steps(const BuildRequest& request, const PackagePlan& plan,
                   const std::string& cache_directory, bool keep_lowered,
                   const std::string& output_path, DiagnosticSink& sink, StepsResult* result,
                   BuildProgress* progress, BuildTimings* timings) {
  const BuildCache cache(cache_directory);
  BuildTimings untimed;
  if (timings == nullptr) timings = &untimed;
  const size_t first_timing = timings->modules.size();
  const size_t n = plan.modules.size();
  struct Counts {
    size_t hits = 0, runs = 0;
  } summary_counts, object_counts;

  // Summaries (and the sources: a module that cannot be read or parsed
  // stops the build after all are tried, as load_package does).
  std::vector<std::string> bytes(n);
  std::vector<std::optional<std::string>> summaries(n);
  std::vector<std::optional<frontend::ParsedSource>> parsed(n);
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    std::optional<std::string> source = read_file(plan.modules[i].source, sink);
    if (!source) {
      ok = false;
      continue;
    }
    bytes[i] = std::move(*source);
    ModuleTiming timing;
    timing.module = plan.modules[i].name;
    timing.lines = static_cast<std::int64_t>(std::count(bytes[i].begin(), bytes[i].end(), '\n'));
    timings->modules.push_back(std::move(timing));
    const std::string key = summary_key(plan, i, bytes[i]);
    if (!keep_lowered) {
      if (std::optional<CacheParts> hit = cache.load(key)) {
        std::string error;
        auto diagnostics = parse_diagnostics((*hit)["diagnostics"]);
        if (diagnostics && frontend::parse_summary((*hit)["summary"], &error)) {
          replay(*diagnostics, sink);
          summaries[i] = (*hit)["summary"];
          ++summary_counts.hits;
          continue;
        }
      }
    }
    SummaryOutput out = summarize_step(plan, i, bytes[i]);
    timings->modules.back().parse = out.parse_time;
    timings->stages.add("parse", out.parse_time);
    replay(out.diagnostics, sink);
    ++summary_counts.runs;
    if (!out.parsed) {
      ok = false;
      continue;
    }
    summaries[i] = out.summary;
    parsed[i] = std::move(out.parsed);
    cache.store(key, {{"summary", out.summary}, {"diagnostics", diagnostics_text(out.diagnostics)}});
  }
  if (!ok) return kExitCodeErrors;

  // Objects: hits from the cache; the misses lowered here, one at a time
  // (the embedded interpreter is one), then emitted -j at a time.
  std::vector<std::string> objects(n);
  std::vector<ModuleReport> reports(n);
  std::vector<std::string> keys(n);
  std::vector<size_t> misses;
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::pair<std::string, std::string>> imports;
    std::string error;
    if (!imported_summaries(plan, *summaries[i], summaries, &imports, &error)) {
      sink.error(plan.modules[i].filename, "internal error: " + error);
      return kExitInternalError;
    }
    keys[i] = object_key(request, plan, i, bytes[i], imports);
    if (!keep_lowered) {
      if (std::optional<CacheParts> hit = cache.load(keys[i])) {
        auto diagnostics = parse_diagnostics((*hit)["diagnostics"]);
        auto report = parse_module_report((*hit)["report"]);
        if (diagnostics && report && !(*hit)["object"].empty()) {
          replay(*diagnostics, sink);
          objects[i] = std::move((*hit)["object"]);
          reports[i] = std::move(*report);
          ++object_counts.hits;
          continue;
        }
      }
    }
    misses.push_back(i);
  }
  // The misses: lowered here one at a time (the embedded interpreter is
  // one), while -j threads emit the objects of those lowered before. At most
  // -j + 1 lowered modules wait or are emitted at once, so memory stays
  // bounded by the largest modules, not by the package.
  const size_t jobs = static_cast<size_t>(std::max(1, request.jobs));
  std::mutex lock;
  std::condition_variable changed;
  std::deque<std::pair<size_t, LoweredModule>> queue;
  size_t in_flight = 0;  // queued or being emitted
  bool lowering_done = false;
  std::optional<std::string> emit_error;
  std::vector<LoweredModule> kept(keep_lowered ? n : 0);  // by module index
  auto emit_worker = [&] {
    std::unique_lock<std::mutex> guard(lock);
    while (true) {
      changed.wait(guard, [&] { return !queue.empty() || lowering_done || emit_error; });
      if (queue.empty() || emit_error) return;
      auto [i, module] = std::move(queue.front());
      queue.pop_front();
      guard.unlock();
      std::vector<std::string> emitted;
      std::optional<std::string> error;
      ModuleReport report;
      try {
        error = emit_objects(request, plan, {i}, {&module}, &emitted, &timings->stages);
        if (!error) {
          report = module_report(module.source, module.native.lowered);
          cache.store(keys[i], {{"object", emitted[0]},
                                {"report", module_report_text(report)},
                                {"diagnostics", diagnostics_text(module.diagnostics)}});
        }
      } catch (const std::exception& e) {
        error = std::string("internal error while emitting native code: ") + e.what();
      }
      guard.lock();
      --in_flight;
      if (error) {
        if (!emit_error) emit_error = std::move(error);
      } else {
        objects[i] = std::move(emitted[0]);
        reports[i] = std::move(report);
        ++object_counts.runs;
        if (keep_lowered) kept[i] = std::move(module);
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> emitters;
  for (size_t t = 0; t < std::min(jobs, misses.size()); ++t) emitters.emplace_back(emit_worker);
  int lowering_exit = kExitOk;
  try {
    for (size_t i : misses) {
      {
        std::unique_lock<std::mutex> guard(lock);
        changed.wait(guard, [&] { return in_flight <= jobs || emit_error; });
        if (emit_error) break;
      }
      if (progress != nullptr) progress->module(i, plan.modules[i].name);
      set_module_in_progress(plan.modules[i].name);
      if (!parsed[i]) {
        DiagnosticSink reported_by_summarize;
        Stopwatch parsing;
        parsed[i] = frontend::parse_module(bytes[i], plan.modules[i].filename,
                                           reported_by_summarize);
        timings->stages.add("parse", parsing);
        if (!parsed[i]) {
          replay(reported_by_summarize.diagnostics(), sink);
          lowering_exit = kExitCodeErrors;
          break;
        }
      }
      ModuleTiming& timing = timings->modules[first_timing + i];
      LoweredModule module = lower_step(request, plan, i, std::move(*parsed[i]), timing);
      parsed[i].reset();
      timings->stages.add("lower", timing.lower);
      timings->stages.add("ir_passes", timing.ir_passes);
      replay(module.diagnostics, sink);
      {
        std::lock_guard<std::mutex> guard(lock);
        queue.emplace_back(i, std::move(module));
        ++in_flight;
      }
      changed.notify_all();
    }
  } catch (const std::exception& e) {
    sink.error("", std::string("internal error while lowering: ") + e.what());
    lowering_exit = kExitInternalError;
  }
  if (progress != nullptr && lowering_exit == kExitOk && !misses.empty()) {
    progress->step(request.opt_level > 0 ? "optimizing and generating code" : "generating code");
  }
  set_module_in_progress("the objects of the modules compiled");
  {
    std::lock_guard<std::mutex> guard(lock);
    lowering_done = true;
    if (lowering_exit != kExitOk) queue.clear();  // nothing more to build
  }
  changed.notify_all();
  for (std::thread& emitter : emitters) emitter.join();
  if (lowering_exit != kExitOk) return lowering_exit;
  if (emit_error) {
    sink.error("", *emit_error);
    return kExitInternalError;
  }
  std::vector<LoweredModule> lowered;  // with keep_lowered: every module, in plan order
  for (size_t i : misses) {
    if (keep_lowered) lowered.push_back(std::move(kept[i]));
  }

  // The runtime's object, then the link.
  const std::string runtime = runtime_key(request);
  std::optional<std::string> runtime_object;
  if (std::optional<CacheParts> hit = cache.load(runtime)) {
    if (!(*hit)["object"].empty()) runtime_object = (*hit)["object"];
  }
  const bool runtime_hit = runtime_object.has_value();
  if (!runtime_object && cache.enabled()) {
    ScratchDirectory scratch;
    const std::string path = scratch.file("runtime.o");
    if (!scratch.ok()) {
      sink.error("", "cannot create a temporary directory");
      return kExitInternalError;
    }
    if (auto error = backend::compile_runtime_object(backend_options(request), path)) {
      sink.error("", *error);
      return kExitInternalError;
    }
    runtime_object = read_file(path, sink);
    if (runtime_object) cache.store(runtime, {{"object", *runtime_object}});
  }
  if (progress != nullptr) progress->step("linking");
  set_module_in_progress("the package's link");
  if (auto error = link_step(request, plan, objects, runtime_object, output_path,
                             &timings->stages)) {
    sink.error("", *error);
    return kExitInternalError;
  }
  if (progress != nullptr && cache.enabled()) progress->set_cache_hits(object_counts.hits);
  const bool stored = summary_counts.runs + object_counts.runs > 0 || !runtime_hit;
  const size_t trimmed = stored ? cache.trim(request.cache_max_bytes) : 0;
  if (request.cache_stats) {
    std::fprintf(stderr,
                 "pyaot: cache %s: %zu modules; summaries %zu hits, %zu made; objects %zu hits, "
                 "%zu compiled; runtime object %s; %zu old entries removed\n",
                 cache.enabled() ? cache_directory.c_str() : "off", n, summary_counts.hits,
                 summary_counts.runs, object_counts.hits, object_counts.runs,
                 runtime_hit ? "hit" : "compiled", trimmed);
  }

  result->report_json =
      report_json(plan.import_name, reports, timings == &untimed ? "" : timings_json(*timings));
  if (keep_lowered) {
    frontend::SourcePackage package;
    package.layout.import_name = plan.import_name;
    for (const PackagePlan::Module& m : plan.modules) package.layout.modules.push_back(module_file(m));
    for (LoweredModule& l : lowered) {
      package.modules.push_back(std::move(l.source));
      result->lowered.push_back(std::move(l.native.lowered));
    }
    result->package = std::move(package);
  }
  return kExitOk;
}

// ---- The subcommands --------------------------------------------------------

int run_plan_command(const BuildRequest& request, const std::string& plan_path,
                     DiagnosticSink& sink) {
  fs::path input = fs::path(request.input).lexically_normal();
  if (input.filename().empty()) input = input.parent_path();  // "pkg/"
  const std::string import_name =
      request.module_name.empty() ? input.stem().string() : request.module_name;
  std::optional<frontend::PackageLayout> layout =
      frontend::discover_modules(request.input, import_name, sink);
  if (layout) exclude_modules(request.input, request.excludes, *layout, sink);
  if (!layout || sink.has_errors()) return kExitUsageErrors;
  const PackagePlan plan = plan_from_layout(request.input, *layout);
  for (const PackagePlan::Module& m : plan.modules) {
    if (has_line_break_or_tab(m.source) || has_line_break_or_tab(m.debug_path)) {
      sink.error(m.source, "a tab or line break in the path: a plan cannot name this file");
      return kExitUsageErrors;
    }
  }
  return write_file_atomically(plan_path, plan_text(plan), false, sink) ? kExitOk
                                                                         : kExitUsageErrors;
}

int run_summarize_command(const std::string& plan_path, const std::string& module,
                          const std::string& output, DiagnosticSink& sink) {
  std::optional<PackagePlan> plan = read_plan(plan_path, sink);
  if (!plan) return kExitUsageErrors;
  const int index = module_index(*plan, module, plan_path, sink);
  if (index < 0) return kExitUsageErrors;
  std::optional<std::string> bytes = read_file(plan->modules[index].source, sink);
  if (!bytes) return kExitCodeErrors;
  SummaryOutput out = summarize_step(*plan, index, *bytes);
  replay(out.diagnostics, sink);
  if (!out.parsed) return kExitCodeErrors;
  return write_file_atomically(output, out.summary, false, sink) ? kExitOk : kExitUsageErrors;
}

int run_compile_command(const BuildRequest& request, const std::string& plan_path,
                        const std::string& module, const std::vector<std::string>& summary_paths,
                        const std::string& report_part, DiagnosticSink& sink) {
  std::optional<PackagePlan> plan = read_plan(plan_path, sink);
  if (!plan) return kExitUsageErrors;
  const int index = module_index(*plan, module, plan_path, sink);
  if (index < 0) return kExitUsageErrors;
  std::vector<std::optional<std::string>> summaries(plan->modules.size());
  for (const std::string& path : summary_paths) {
    std::optional<std::string> text = read_file(path, sink);
    if (!text) return kExitUsageErrors;
    std::string error;
    std::optional<frontend::ModuleSummary> summary = frontend::parse_summary(*text, &error);
    const int j = summary ? plan->find(summary->name) : -1;
    if (j < 0) {
      sink.error(path, summary ? "a summary of '" + summary->name + "', no module of the plan"
                               : "not a pyaot summary: " + error);
      return kExitUsageErrors;
    }
    summaries[j] = std::move(*text);
  }
  std::optional<std::string> bytes = read_file(plan->modules[index].source, sink);
  if (!bytes) return kExitCodeErrors;
  SummaryOutput own = summarize_step(*plan, index, *bytes);
  replay(own.diagnostics, sink);
  if (!own.parsed) return kExitCodeErrors;
  std::vector<std::pair<std::string, std::string>> imports;
  std::string error;
  if (!imported_summaries(*plan, own.summary, summaries, &imports, &error)) {
    sink.error(plan->modules[index].source, "pyaot compile: " + error + " (pass it with --summary)");
    return kExitUsageErrors;
  }
  LoweredModule lowered;
  ModuleTiming untimed;
  try {
    lowered = lower_step(request, *plan, index, std::move(*own.parsed), untimed);
  } catch (const std::exception& e) {
    sink.error("", std::string("internal error while lowering: ") + e.what());
    return kExitInternalError;
  }
  replay(lowered.diagnostics, sink);
  std::vector<std::string> objects;
  if (auto failure = emit_objects(request, *plan, {static_cast<size_t>(index)}, {&lowered},
                                  &objects)) {
    sink.error("", *failure);
    return kExitInternalError;
  }
  const std::string report =
      module_report_text(module_report(lowered.source, lowered.native.lowered));
  if (!write_file_atomically(request.output, objects[0], false, sink) ||
      (!report_part.empty() && !write_file_atomically(report_part, report, false, sink))) {
    return kExitUsageErrors;
  }
  return kExitOk;
}

int run_link_command(const BuildRequest& request, const std::string& plan_path,
                     const std::vector<std::string>& object_paths,
                     const std::vector<std::string>& report_parts, DiagnosticSink& sink) {
  std::optional<PackagePlan> plan = read_plan(plan_path, sink);
  if (!plan) return kExitUsageErrors;
  if (object_paths.size() != plan->modules.size() ||
      (!report_parts.empty() && report_parts.size() != plan->modules.size())) {
    sink.error(plan_path, "pyaot link: the plan has " + std::to_string(plan->modules.size()) +
                              " modules: pass an object (and a report part) for each, in its "
                              "order");
    return kExitUsageErrors;
  }
  std::vector<std::string> objects;
  for (const std::string& path : object_paths) {
    std::optional<std::string> object = read_file(path, sink);
    if (!object) return kExitUsageErrors;
    objects.push_back(std::move(*object));
  }
  std::vector<ModuleReport> reports;
  for (const std::string& path : report_parts) {
    std::optional<std::string> text = read_file(path, sink);
    std::optional<ModuleReport> report = text ? parse_module_report(*text) : std::nullopt;
    if (!report) {
      if (text) sink.error(path, "not a pyaot report part");
      return kExitUsageErrors;
    }
    reports.push_back(std::move(*report));
  }
  if (!request.report_path.empty() && report_parts.empty()) {
    sink.error(request.report_path, "pyaot link: --report needs the modules' --report-part files");
    return kExitUsageErrors;
  }
  ScratchDirectory scratch;
  const std::string temp = scratch.file("out.so");
  if (!scratch.ok()) {
    sink.error("", "cannot create a temporary directory");
    return kExitInternalError;
  }
  if (auto error = link_step(request, *plan, objects, std::nullopt, temp)) {
    sink.error("", *error);
    return kExitInternalError;
  }
  std::optional<std::string> so = read_file(temp, sink);
  if (!so || !write_file_atomically(request.output, *so, true, sink)) return kExitUsageErrors;
  if (!request.report_path.empty() &&
      !write_file_atomically(request.report_path, report_json(plan->import_name, reports), false,
                             sink)) {
    return kExitUsageErrors;
  }
  return kExitOk;
}

}  // namespace pyaot::compiler
