// Trampolines: a function with a native body keeps its code object, and
// CPython runs it as for the source (binding arguments, pushing a frame),
// but a short stub appended to its bytecode calls the native body in that
// frame (README, "How code runs"). In: the module's marshaled code (from
// python_parser.h) and which functions are native. Out: the marshaled code
// with their stubs, which the package loader (runtime_shim/package_loader.c)
// links to the native bodies.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace pyaot::frontend {

// Where a generator or coroutine body suspends (ir/suspend.h): its resume
// state, the line of its yield or await, and whether it delegates (yield
// from, await). The trampoline yields there from a YIELD_VALUE on that
// line, so a suspended frame's f_lineno is the source's.
struct SuspensionPoint {
  int state = 0;
  int line = 0;
  bool delegates = false;
};

// A native body as its trampoline calls it: its index in the module's
// native table, and for a generator or coroutine the frame stack slots it
// keeps its state in (ir/suspend.h; 0 for a plain function) and its
// suspension points.
struct NativeEntry {
  int index = 0;
  int suspend_slots = 0;
  std::vector<SuspensionPoint> suspensions;
};

// The marshaled module code with the functions named in `entries`
// (code object ordinal -> entry) turned into trampolines that
// call the native body (see runtime_shim/native_ops_calls.c).
std::string add_trampolines(const std::string& marshaled_code,
                            const std::map<int, NativeEntry>& entries);

}  // namespace pyaot::frontend
