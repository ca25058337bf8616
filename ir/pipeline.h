// The passes that take a function from lowering to code generation, in
// order, each with a name (`pyaot build --emit=ir --print-after=NAME`,
// `pyaot_opt --passes=A,B`):
//
//   remove-unreachable  ir/simplify.h
//   compiled-fast       ir/compiled_fast.h
//   trace-lines         ir/trace_lines.h  (on request: --trace-lines)
//   bound-locals        ir/bound_locals.h
//   infer-types         ir/infer_types.h
//   promote-locals      ir/promote_locals.h
//   unbox-locals        ir/unbox_locals.h
//   refcounts           ir/refcount.h
//   suspend             ir/suspend.h
//   unbox-arithmetic    ir/unbox_arithmetic.h
//   frame-sync          ir/frame_sync.h
//
// The verifier (ir/verifier.h) runs after each pass. Out: whether the
// function is ready; the caller (compiler/driver.cc) decides what a failure
// means for the user.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.h"
#include "ir/verifier.h"

namespace pyaot::ir {

struct Pass {
  std::string_view name;
  // Returns false, with the reason in `problem`, when the function cannot
  // be compiled natively (not a bug: it runs as bytecode).
  bool (*run)(Function& function, std::string* problem);
  Stage verified_as;  // the verifier's stage for the IR after this pass
  // Runs only when asked for (passes_through's trace_lines, pyaot_opt's
  // --passes=NAME), never as part of the whole pipeline.
  bool on_request = false;
};

// Every pass, in pipeline order.
const std::vector<Pass>& pipeline_passes();
const Pass* find_pass(std::string_view name);

// The name --print-after gives the IR as lowered, before any pass.
constexpr std::string_view kLoweredStage = "lower";
// kLoweredStage, then each pass's name: what --print-after accepts.
std::vector<std::string> stage_names();
// The pipeline up to and including the stage `stage_name` names; all of
// it for an empty name; trace-lines only with `trace_lines`.
std::vector<const Pass*> passes_through(std::string_view stage_name = {},
                                        bool trace_lines = false);

struct PassFailure {
  std::string pass;
  // The pass gave up (`problem`) or the verifier rejected its output
  // (`errors`, a pyaot bug).
  std::string problem;
  std::vector<std::string> errors;
};

// Runs `passes` in order, the verifier after each one when `verify`; stops
// at the first failure.
std::optional<PassFailure> run_passes(Function& function, const std::vector<const Pass*>& passes,
                                      bool verify = true);

}  // namespace pyaot::ir
