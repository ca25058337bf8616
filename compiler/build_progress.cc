#include "compiler/build_progress.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>

namespace pyaot::compiler {
namespace {

volatile std::sig_atomic_t g_status_line_shown = 0;

constexpr char kClearLine[] = "\r\033[K";

}  // namespace

BuildProgress::BuildProgress(bool live, bool verbose, size_t modules)
    : live_(live), verbose_(verbose), modules_(modules) {}

BuildProgress::~BuildProgress() { clear(); }

std::string BuildProgress::elapsed() const {
  const long seconds = static_cast<long>(clock_.wall_seconds());
  char text[32];
  std::snprintf(text, sizeof text, "%02ld:%02ld", seconds / 60, seconds % 60);
  return text;
}

void BuildProgress::module(size_t index, const std::string& name) {
  show("[" + std::to_string(index + 1) + "/" + std::to_string(modules_) + "] " + name);
}

void BuildProgress::step(const std::string& what) {
  show("[" + std::to_string(modules_) + "/" + std::to_string(modules_) + "] " + what);
}

void BuildProgress::show(const std::string& text) {
  if (live_) {
    std::fprintf(stderr, "%s%s  %s", kClearLine, text.c_str(), elapsed().c_str());
    std::fflush(stderr);
    shown_ = true;
    g_status_line_shown = 1;
  } else if (verbose_) {
    std::fprintf(stderr, "%s  %s\n", text.c_str(), elapsed().c_str());
  }
}

void BuildProgress::clear() {
  if (!shown_) return;
  std::fputs(kClearLine, stderr);
  std::fflush(stderr);
  shown_ = false;
  g_status_line_shown = 0;
}

void BuildProgress::finish(std::int64_t lines) {
  clear();
  if (!live_ && !verbose_) return;
  const double seconds = clock_.wall_seconds();
  std::string cached;
  if (cache_hits_) cached = ", " + std::to_string(*cache_hits_) + " from the cache";
  std::fprintf(stderr, "pyaot: built %zu module%s, %lld lines in %.1f s (%.0f lines/s)%s\n",
               modules_, modules_ == 1 ? "" : "s", static_cast<long long>(lines), seconds,
               seconds > 0 ? static_cast<double>(lines) / seconds : 0.0, cached.c_str());
}

void clear_status_line_for_signal() {
  if (g_status_line_shown) {
    ssize_t ignored = write(STDERR_FILENO, kClearLine, sizeof kClearLine - 1);
    (void)ignored;
  }
}

}  // namespace pyaot::compiler
