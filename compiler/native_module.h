// One module's native code: its functions lowered and through the IR
// pipeline, its code with trampolines, and the image the backend emits.
#pragma once

#include <string>
#include <vector>

#include "backend/backend.h"
#include "compiler/build_timings.h"
#include "compiler/driver.h"
#include "frontend/frontend.h"
#include "frontend/lower.h"
#include "ir/pipeline.h"
#include "support/diagnostics.h"

namespace pyaot::compiler {

// Native code for one module: lowering results, and the IR of the
// functions that compile (in native entry order).
struct NativeModule {
  std::vector<frontend::LoweredFunction> lowered;
  std::vector<const ir::Function*> natives;
  std::string code;  // marshaled module code, with trampolines for the natives
};

// Lowers the module's functions and runs `passes` on each, keeping those
// `native` selects; the rest fall back to bytecode, with their reason.
// Records the lowering's and the passes' times and the peak RSS in `timing`.
NativeModule compile_module(const frontend::SourceModule& module,
                            BuildRequest::NativeSelection native, bool trace_lines,
                            const std::vector<const ir::Pass*>& passes, DiagnosticSink& sink,
                            ModuleTiming& timing);

// What the backend emits for the module (its natives point into `native`).
backend::ModuleImage module_image(const frontend::ModuleFile& file, const std::string& debug_path,
                                  const frontend::ParsedSource& parsed,
                                  const NativeModule& native, bool embed_source);

}  // namespace pyaot::compiler
