// --max-memory: a ceiling on the compiler's memory, and a clear error
// instead of the kernel's OOM killer when a build needs more.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pyaot::compiler {

// "512M", "4G", "1.5G", "100000K" or a number of bytes; nullopt if malformed.
std::optional<std::int64_t> parse_memory_size(const std::string& text);

// Caps the process's address space at `bytes` (RLIMIT_AS); from then on an
// allocation that fails prints `pyaot: error: out of memory ...` naming
// the module being compiled, runs `cleanup` (async-signal-safe: removes
// temporaries) and exits with `exit_code`.
bool limit_memory(std::int64_t bytes, void (*cleanup)(), int exit_code, std::string* error);

// The module the build is compiling now, for that error (empty: none).
void set_module_in_progress(const std::string& name);

}  // namespace pyaot::compiler
