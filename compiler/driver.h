// The compiler driver: runs frontend -> backend for one `pyaot build`,
// prints diagnostics, writes the output and the report atomically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "compiler/cache.h"
#include "support/diagnostics.h"

namespace pyaot::compiler {

// Exit codes of `pyaot`.
enum ExitCode {
  kExitOk = 0,
  kExitCodeErrors = 1,   // errors in the user's code (syntax, unreadable files)
  kExitUsageErrors = 2,  // bad flags, missing paths, a directory that is no package
  kExitInternalError = 3,  // the toolchain failed (a bug in pyaot or its install)
};

struct BuildRequest {
  std::string input;
  std::string output;
  std::string module_name;  // empty: the output's stem
  std::string report_path;  // empty: no report
  // --annotate: a directory (index.html and a page per module) or, for a
  // name ending in .html, one page (compiler/annotate.h). Empty: none.
  std::string annotate_path;
  std::string target;       // empty: the host
  std::string depfile_path; // empty: no depfile
  std::string data_dir;     // empty: data files are not copied
  std::vector<std::string> excludes;  // --exclude patterns (package_files.h)
  bool embed_source = true;
  backend::EmitKind emit = backend::EmitKind::SharedObject;
  bool emit_ir = false;  // --emit=ir: write the IR text instead of building
  // --print-after: with emit_ir, the IR after this pipeline stage
  // (ir/pipeline.h: "lower" or a pass) rather than after the last pass.
  std::string print_after;
  // Which functions get native bodies: all that lower, only those with a
  // loop (where a native body pays for its call overhead), or none.
  enum class NativeSelection { All, Loops, None };
  NativeSelection native = NativeSelection::All;
  bool debug_abi = false;  // --debug-python: for python3.11-dbg (Py_DEBUG ABI)
  bool address_sanitizer = false;    // --sanitize=address
  bool undefined_sanitizer = false;  // --sanitize=undefined
  // --trace-lines: native bodies send sys.settrace tracers line events
  // (ir/trace_lines.h); without it, no code for them.
  bool trace_lines = false;
  bool debug_info = true;  // -g (default) / -g0: DWARF for the native bodies
  // --debug-miscompile: a deliberately wrong fast path, a test aid of the
  // fuzzer (backend/backend.h); None in every real build.
  backend::DebugMiscompile debug_miscompile = backend::DebugMiscompile::None;
  // --time-report: each stage's time and the peak memory on stderr at the end.
  bool time_report = false;
  // Progress on stderr (compiler/build_progress.h): a live status line
  // when stderr is a terminal; a line per module with --verbose.
  bool live_progress = false;
  // --max-memory: the process's address space cap in bytes (0: none); a
  // build that needs more stops with a clear error (compiler/memory_guard.h).
  std::int64_t max_memory = 0;
  bool verbose = false;
  int opt_level = 2;
  int jobs = 1;  // the command line's default: the number of cores
  bool color = false;
  // The build cache (compiler/cache.h): its directory, "" for the default
  // ($XDG_CACHE_HOME/pyaot, ~/.cache/pyaot); no_cache: none.
  std::string cache_dir;
  bool no_cache = false;
  bool cache_stats = false;  // --cache-stats: a line on stderr of hits and steps run
  // --cache-max-size: past it, a build that stored entries removes the
  // least recently used ones (compiler/cache.h).
  std::int64_t cache_max_bytes = kDefaultCacheMaxBytes;
};

int run_build(const BuildRequest& request);

// The import name an output file gives: "svc.cpython-311-x86_64-linux-gnu.so" -> "svc".
std::string module_name_from_output(const std::string& output);

std::string version_text();

// Writes `bytes` to `path` by a temporary file renamed over it (mode 0666
// or 0777 less the umask); errors go to `sink`.
bool write_file_atomically(const std::string& path, const std::string& bytes, bool executable,
                           DiagnosticSink& sink);

// Interrupted (SIGINT, SIGTERM, SIGHUP), pyaot removes its temporary outputs.
void remove_temporaries_on_signals();

}  // namespace pyaot::compiler
