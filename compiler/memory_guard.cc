#include "compiler/memory_guard.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "backend/backend.h"

namespace pyaot::compiler {
namespace {

// Static buffers: the handler must not allocate.
char g_limit_text[32];
char g_module[512];
void (*g_cleanup)() = nullptr;
int g_exit_code = 1;

void write_text(const char* text) {
  ssize_t ignored = write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

[[noreturn]] void out_of_memory() {
  write_text("pyaot: error: out of memory: the build needs more than --max-memory=");
  write_text(g_limit_text);
  if (g_module[0] != '\0') {
    write_text(" (while compiling ");
    write_text(g_module);
    write_text(")");
  }
  write_text("; raise the limit, or split the module's largest functions\n");
  if (g_cleanup != nullptr) g_cleanup();
  _exit(g_exit_code);
}

}  // namespace

std::optional<std::int64_t> parse_memory_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (errno != 0 || end == text.c_str() || number <= 0) return std::nullopt;
  double scale = 1;
  const std::string unit(end);
  if (unit == "K" || unit == "k") scale = 1024.0;
  else if (unit == "M" || unit == "m") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g") scale = 1024.0 * 1024 * 1024;
  else if (!unit.empty()) return std::nullopt;
  return static_cast<std::int64_t>(number * scale);
}

bool limit_memory(std::int64_t bytes, void (*cleanup)(), int exit_code, std::string* error) {
  std::snprintf(g_limit_text, sizeof g_limit_text, "%lldM",
                static_cast<long long>(bytes / (1024 * 1024)));
  g_cleanup = cleanup;
  g_exit_code = exit_code;
  rlimit limit{};
  limit.rlim_cur = static_cast<rlim_t>(bytes);
  limit.rlim_max = RLIM_INFINITY;
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_max != RLIM_INFINITY &&
      static_cast<rlim_t>(bytes) > limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
  } else {
    limit.rlim_cur = static_cast<rlim_t>(bytes);
  }
  if (setrlimit(RLIMIT_AS, &limit) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  std::set_new_handler(out_of_memory);
  backend::on_out_of_memory(out_of_memory);
  return true;
}

void set_module_in_progress(const std::string& name) {
  std::snprintf(g_module, sizeof g_module, "%s", name.c_str());
}

}  // namespace pyaot::compiler
