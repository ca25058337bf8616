#include "compiler/driver.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "compiler/annotate.h"
#include "compiler/cache.h"
#include "compiler/native_module.h"
#include "compiler/build_progress.h"
#include "compiler/build_timings.h"
#include "compiler/memory_guard.h"
#include "compiler/package_files.h"
#include "compiler/report.h"
#include "compiler/steps.h"
#include "compiler/version.h"
#include "frontend/frontend.h"
#include "frontend/lower.h"
#include "frontend/trampolines.h"
#include "ir/pipeline.h"
#include "ir/printer.h"
#include "support/diagnostics.h"

namespace fs = std::filesystem;

namespace pyaot::compiler {
namespace {

// Temporary outputs to remove if the process is interrupted.
constexpr int kMaxTemporaries = 4;
char g_temporaries[kMaxTemporaries][4096];
volatile std::sig_atomic_t g_temporary_count = 0;

void remove_temporaries() {
  for (int i = 0; i < g_temporary_count; ++i) unlink(g_temporaries[i]);
}

extern "C" void remove_temporaries_and_die(int signal_number) {
  clear_status_line_for_signal();
  remove_temporaries();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// A temporary file beside `target`: renamed over it by commit(), removed
// otherwise, so a failed build never leaves a half-written or stray file and
// an existing output survives.
class AtomicOutput {
 public:
  AtomicOutput(const std::string& target, mode_t mode) : target_(target), mode_(mode) {
    std::string pattern = target + ".pyaot-tmp-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd < 0) return;
    close(fd);
    temp_ = pattern;
    if (g_temporary_count < kMaxTemporaries && temp_.size() < sizeof g_temporaries[0]) {
      std::snprintf(g_temporaries[g_temporary_count], sizeof g_temporaries[0], "%s",
                    temp_.c_str());
      g_temporary_count = g_temporary_count + 1;
    }
  }
  ~AtomicOutput() {
    if (!temp_.empty() && !committed_) unlink(temp_.c_str());
  }
  bool ok() const { return !temp_.empty(); }
  const std::string& temp_path() const { return temp_; }

  bool commit(std::string* error) {
    mode_t mask = umask(0);
    umask(mask);
    if (chmod(temp_.c_str(), mode_ & ~mask) != 0 || rename(temp_.c_str(), target_.c_str()) != 0) {
      *error = std::strerror(errno);
      return false;
    }
    committed_ = true;
    return true;
  }

 private:
  std::string target_;
  std::string temp_;
  mode_t mode_;
  bool committed_ = false;
};

bool is_c_identifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

class Reporter {
 public:
  explicit Reporter(bool color) : color_(color) {}
  // Diagnostics start on a line of their own, not after the status line.
  void set_progress(BuildProgress* progress) { progress_ = progress; }
  void print(const DiagnosticSink& sink) {
    if (progress_ != nullptr && printed_ < sink.diagnostics().size()) progress_->clear();
    for (size_t i = printed_; i < sink.diagnostics().size(); ++i) {
      std::fputs(format_diagnostic(sink.diagnostics()[i], color_).c_str(), stderr);
    }
    printed_ = sink.diagnostics().size();
  }

 private:
  bool color_;
  size_t printed_ = 0;
  BuildProgress* progress_ = nullptr;
};

backend::PackageImage package_image(const std::string& input,
                                    const frontend::SourcePackage& package,
                                    const std::vector<NativeModule>& natives, bool embed_source) {
  backend::PackageImage image;
  image.import_name = package.layout.import_name;
  for (size_t i = 0; i < package.modules.size(); ++i) {
    const frontend::SourceModule& module = package.modules[i];
    image.modules.push_back(module_image(module.file, path_below_input(input, module.file.path),
                                         module.parsed, natives[i], embed_source));
  }
  return image;
}

std::string ir_text(const std::vector<NativeModule>& natives) {
  std::string out;
  for (const NativeModule& module : natives) {
    for (const frontend::LoweredFunction& f : module.lowered) {
      if (f.function) {
        out += ir::print_function(*f.function) + "\n";
      } else {
        out += ir::print_fallback(f.site->qualname, f.fallback_reason) + "\n\n";
      }
    }
  }
  return out;
}

// --annotate names one page (FILE.html) or a directory (made if missing).
bool annotates_one_page(const std::string& path) {
  return path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0;
}

fs::path annotate_directory(const std::string& path) {
  fs::path directory = fs::path(path).lexically_normal();
  return directory.filename().empty() ? directory.parent_path() : directory;
}

void check_annotate_path(const std::string& path, DiagnosticSink& sink) {
  std::error_code ec;
  const bool one_page = annotates_one_page(path);
  const fs::path target = one_page ? fs::path(path) : annotate_directory(path);
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec)) {
    sink.error(path, "--annotate: the directory '" + parent.string() + "' does not exist");
  } else if (one_page && fs::is_directory(target, ec)) {
    sink.error(path, "--annotate: a directory, not a page (name the report directory without "
                     "the .html suffix)");
  } else if (!one_page && fs::exists(target, ec) && !fs::is_directory(target, ec)) {
    sink.error(path, "--annotate: exists and is not a directory (name a one-page report "
                     "FILE.html)");
  }
}

// Checks the invocation; reports usage errors into `sink`.
void check_request(const BuildRequest& request, const std::string& module_name,
                   DiagnosticSink& sink) {
  const fs::path output(request.output);
  fs::path directory = output.parent_path().empty() ? fs::path(".") : output.parent_path();
  std::error_code ec;
  if (output.filename().empty()) {
    sink.error(request.output, "the output must be a file path");
  } else if (!fs::is_directory(directory, ec)) {
    sink.error(request.output, "the output directory '" + directory.string() +
                                   "' does not exist");
  } else if (fs::is_directory(output, ec)) {
    sink.error(request.output, "the output path is a directory");
  }
  if (!is_c_identifier(module_name)) {
    sink.error("", "'" + module_name +
                       "' is not a valid module name (letters, digits and '_'); name the "
                       "output accordingly or pass --module-name");
  }
  if (!request.target.empty() && !backend::is_supported_target(request.target)) {
    sink.error("", "unsupported target '" + request.target + "': pyaot builds for the host (" +
                       backend::host_target_triple() + ")");
  }
  for (const std::string* path : {&request.report_path, &request.depfile_path}) {
    if (path->empty()) continue;
    fs::path parent = fs::path(*path).parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::is_directory(parent, ec)) {
      sink.error(*path, "the directory '" + parent.string() + "' does not exist");
    }
  }
  if (!request.annotate_path.empty()) check_annotate_path(request.annotate_path, sink);
  if (!request.data_dir.empty() && !fs::is_directory(request.data_dir, ec)) {
    sink.error(request.data_dir, "the data directory does not exist");
  }
}

bool write_text_atomically(const std::string& path, const std::string& text,
                           DiagnosticSink& sink) {
  return write_file_atomically(path, text, /*executable=*/false, sink);
}

// Writes the --annotate report: one page, or a directory of pages, each
// file atomically.
bool write_annotations(const std::string& path, const frontend::SourcePackage& package,
                       const std::vector<std::vector<frontend::LoweredFunction>>& lowered,
                       DiagnosticSink& sink) {
  const bool one_page = annotates_one_page(path);
  const std::map<std::string, std::string> pages = annotated_pages(package, lowered, one_page);
  if (one_page) return write_text_atomically(path, pages.at("index.html"), sink);
  const fs::path directory = annotate_directory(path);
  std::error_code ec;
  fs::create_directory(directory, ec);
  if (ec) {
    sink.error(path, "--annotate: cannot create the directory: " + ec.message());
    return false;
  }
  for (const auto& [name, text] : pages) {
    if (!write_text_atomically((directory / name).string(), text, sink)) return false;
  }
  return true;
}

// A module's timing record, its parse time from the frontend.
ModuleTiming& start_module_timing(const frontend::SourceModule& module, BuildTimings& timings) {
  ModuleTiming timing;
  timing.module = module.file.name;
  timing.lines = static_cast<std::int64_t>(
      std::count(module.parsed.text.begin(), module.parsed.text.end(), '\n'));
  timing.parse = module.parse_time;
  timings.stages.add("parse", module.parse_time);
  timings.modules.push_back(std::move(timing));
  return timings.modules.back();
}

std::vector<std::vector<frontend::LoweredFunction>> take_lowered(std::vector<NativeModule>& natives) {
  std::vector<std::vector<frontend::LoweredFunction>> lowered;
  for (NativeModule& n : natives) lowered.push_back(std::move(n.lowered));
  return lowered;
}

// The build's other outputs (report, annotations, data files, depfile),
// then the output renamed into place.
int finish_build(const BuildRequest& request, const frontend::PackageLayout& layout,
                 const std::string& report_json, const frontend::SourcePackage* package,
                 const std::vector<std::vector<frontend::LoweredFunction>>& lowered,
                 AtomicOutput& output, DiagnosticSink& sink, Reporter& reporter,
                 BuildProgress& progress, const BuildTimings& timings) {
  if ((!request.report_path.empty() &&
       !write_text_atomically(request.report_path, report_json, sink)) ||
      (!request.annotate_path.empty() &&
       !write_annotations(request.annotate_path, *package, lowered, sink))) {
    reporter.print(sink);
    return kExitUsageErrors;
  }
  std::vector<std::string> sources;
  for (const frontend::ModuleFile& module : layout.modules) sources.push_back(module.path);
  if (!request.data_dir.empty()) {
    for (std::string& file : copy_data_files(request.input, request.excludes, layout,
                                             request.data_dir, sink)) {
      sources.push_back(std::move(file));
    }
  }
  if (!sink.has_errors() && !request.depfile_path.empty()) {
    write_text_atomically(request.depfile_path, depfile_text(request.output, sources), sink);
  }
  if (sink.has_errors()) {
    reporter.print(sink);
    return kExitUsageErrors;
  }
  std::string error;
  if (!output.commit(&error)) {
    sink.error(request.output, "cannot write the output: " + error);
    reporter.print(sink);
    return kExitUsageErrors;
  }
  reporter.print(sink);
  std::int64_t lines = 0;
  for (const ModuleTiming& m : timings.modules) lines += m.lines;
  progress.finish(lines);
  if (request.time_report) std::fputs(time_report_text(timings).c_str(), stderr);
  return kExitOk;
}

// A .so by the steps of compiler/steps.h, with the build cache.
int build_shared_object(const BuildRequest& request, const frontend::PackageLayout& layout,
                        DiagnosticSink& sink, Reporter& reporter, BuildTimings& timings) {
  BuildProgress progress(request.live_progress, request.verbose, layout.modules.size());
  reporter.set_progress(&progress);
  AtomicOutput output(request.output, 0777);
  if (!output.ok()) {
    sink.error(request.output, std::string("cannot create the output: ") + std::strerror(errno));
    reporter.print(sink);
    return kExitUsageErrors;
  }
  const std::string cache_directory = request.no_cache          ? ""
                                      : request.cache_dir.empty() ? default_cache_directory()
                                                                  : request.cache_dir;
  StepsResult steps;
  int rc = kExitOk;
  try {
    rc = build_by_steps(request, plan_from_layout(request.input, layout), cache_directory,
                        /*keep_lowered=*/!request.annotate_path.empty(), output.temp_path(), sink,
                        &steps, &progress, &timings);
  } catch (const std::exception& e) {
    sink.error("", std::string("internal error: ") + e.what());
    rc = kExitInternalError;
  }
  if (rc != kExitOk) {
    reporter.print(sink);
    return rc;
  }
  return finish_build(request, layout, steps.report_json,
                      steps.package ? &*steps.package : nullptr, steps.lowered, output, sink,
                      reporter, progress, timings);
}

}  // namespace

std::string module_name_from_output(const std::string& output) {
  std::string file = fs::path(output).filename().string();
  return file.substr(0, file.find('.'));
}

bool write_file_atomically(const std::string& path, const std::string& bytes, bool executable,
                           DiagnosticSink& sink) {
  AtomicOutput out(path, executable ? 0777 : 0666);
  std::string error;
  if (!out.ok()) {
    sink.error(path, std::string("cannot create a file here: ") + std::strerror(errno));
    return false;
  }
  std::ofstream(out.temp_path(), std::ios::binary) << bytes;
  if (!out.commit(&error)) {
    sink.error(path, "cannot write: " + error);
    return false;
  }
  return true;
}

void remove_temporaries_on_signals() {
  std::signal(SIGINT, remove_temporaries_and_die);
  std::signal(SIGTERM, remove_temporaries_and_die);
  std::signal(SIGHUP, remove_temporaries_and_die);
}

std::string version_text() {
  return std::string("pyaot ") + kPyaotVersion + " (LLVM " + backend::llvm_version() +
         ", CPython " + frontend::python_version() + ")";
}

int run_build(const BuildRequest& request) {
  BuildTimings timings;
  std::signal(SIGINT, remove_temporaries_and_die);
  std::signal(SIGTERM, remove_temporaries_and_die);
  std::signal(SIGHUP, remove_temporaries_and_die);

  DiagnosticSink sink;
  Reporter reporter(request.color);
  if (request.max_memory > 0) {
    std::string error;
    if (!limit_memory(request.max_memory, remove_temporaries, kExitInternalError, &error)) {
      sink.error("", "--max-memory: cannot set the limit: " + error);
      reporter.print(sink);
      return kExitUsageErrors;
    }
  }
  const std::string module_name =
      request.module_name.empty() ? module_name_from_output(request.output) : request.module_name;

  check_request(request, module_name, sink);
  std::optional<frontend::PackageLayout> layout;
  if (!sink.has_errors()) layout = frontend::discover_modules(request.input, module_name, sink);
  if (layout) exclude_modules(request.input, request.excludes, *layout, sink);
  reporter.print(sink);
  if (sink.has_errors()) return kExitUsageErrors;
  if (!request.emit_ir && request.emit == backend::EmitKind::SharedObject) {
    return build_shared_object(request, *layout, sink, reporter, timings);
  }

  std::optional<frontend::SourcePackage> package;
  try {
    package = frontend::load_package(std::move(*layout), sink);
  } catch (const std::exception& e) {
    sink.error("", std::string("internal error in the frontend: ") + e.what());
    reporter.print(sink);
    return kExitInternalError;
  }
  reporter.print(sink);
  if (!package) return kExitCodeErrors;

  BuildProgress progress(request.live_progress, request.verbose, package->modules.size());
  reporter.set_progress(&progress);
  std::vector<NativeModule> natives;
  const std::vector<const ir::Pass*> passes = ir::passes_through(request.print_after, request.trace_lines);
  try {
    for (const frontend::SourceModule& module : package->modules) {
      progress.module(natives.size(), module.file.name);
      set_module_in_progress(module.file.name);
      ModuleTiming& timing = start_module_timing(module, timings);
      natives.push_back(
          compile_module(module, request.native, request.trace_lines, passes, sink, timing));
      timings.stages.add("lower", timing.lower);
      timings.stages.add("ir_passes", timing.ir_passes);
    }
  } catch (const std::exception& e) {
    sink.error("", std::string("internal error while lowering: ") + e.what());
    reporter.print(sink);
    return kExitInternalError;
  }
  reporter.print(sink);

  if (request.emit_ir) {
    bool ok = write_text_atomically(request.output, ir_text(natives), sink);
    if (ok && !request.annotate_path.empty()) {
      ok = write_annotations(request.annotate_path, *package, take_lowered(natives), sink);
    }
    reporter.print(sink);
    return ok ? kExitOk : kExitUsageErrors;
  }

  backend::Options options = backend_options(request);
  options.stage_times = &timings.stages;
  const mode_t mode = request.emit == backend::EmitKind::SharedObject ? 0777 : 0666;
  AtomicOutput output(request.output, mode);
  if (!output.ok()) {
    sink.error(request.output, std::string("cannot create the output: ") + std::strerror(errno));
    reporter.print(sink);
    return kExitUsageErrors;
  }
  progress.step(request.opt_level > 0 ? "optimizing and generating code" : "generating code");
  set_module_in_progress("the package's native code");
  if (auto error = backend::build(package_image(request.input, *package, natives, request.embed_source),
                                  options, output.temp_path())) {
    sink.error("", *error);
    reporter.print(sink);
    return kExitInternalError;
  }
  const std::vector<std::vector<frontend::LoweredFunction>> lowered = take_lowered(natives);
  return finish_build(request, package->layout,
                      build_report_json(*package, lowered, timings_json(timings)), &*package,
                      lowered, output, sink, reporter, progress, timings);
}

}  // namespace pyaot::compiler
