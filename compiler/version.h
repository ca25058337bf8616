#pragma once

namespace pyaot::compiler {

inline constexpr const char* kPyaotVersion = "0.1.0";

}  // namespace pyaot::compiler
