#include "ir/pipeline.h"

#include "ir/bound_locals.h"
#include "ir/compiled_fast.h"
#include "ir/frame_sync.h"
#include "ir/infer_types.h"
#include "ir/promote_locals.h"
#include "ir/refcount.h"
#include "ir/simplify.h"
#include "ir/suspend.h"
#include "ir/trace_lines.h"
#include "ir/unbox_arithmetic.h"
#include "ir/unbox_locals.h"

namespace pyaot::ir {

const std::vector<Pass>& pipeline_passes() {
  static const std::vector<Pass> passes = {
      {"remove-unreachable",
       [](Function& f, std::string*) {
         remove_unreachable_blocks(f);
         return true;
       },
       Stage::BeforeRefcounts},
      {"compiled-fast",
       [](Function& f, std::string*) {
         choose_compiled_fast(f);
         return true;
       },
       Stage::BeforeRefcounts},
      {"trace-lines",
       [](Function& f, std::string*) {
         insert_line_events(f);
         return true;
       },
       Stage::BeforeRefcounts, /*on_request=*/true},
      {"bound-locals",
       [](Function& f, std::string*) {
         mark_bound_loads(f);
         return true;
       },
       Stage::BeforeRefcounts},
      {"infer-types",
       [](Function& f, std::string*) {
         infer_types(f);
         return true;
       },
       Stage::BeforeRefcounts},
      {"promote-locals",
       [](Function& f, std::string*) {
         promote_locals(f);
         return true;
       },
       Stage::BeforeRefcounts},
      {"unbox-locals",
       [](Function& f, std::string*) {
         unbox_locals(f);
         return true;
       },
       Stage::BeforeRefcounts},
      {"refcounts",
       [](Function& f, std::string*) {
         insert_refcounts(f);
         return true;
       },
       Stage::AfterRefcounts},
      {"suspend", assign_suspend_points, Stage::AfterRefcounts},
      {"unbox-arithmetic",
       [](Function& f, std::string*) {
         select_unboxed_arithmetic(f);
         return true;
       },
       Stage::AfterRefcounts},
      {"frame-sync",
       [](Function& f, std::string*) {
         insert_frame_sync(f);
         return true;
       },
       Stage::AfterRefcounts},
  };
  return passes;
}

const Pass* find_pass(std::string_view name) {
  for (const Pass& pass : pipeline_passes()) {
    if (pass.name == name) return &pass;
  }
  return nullptr;
}

std::vector<std::string> stage_names() {
  std::vector<std::string> names = {std::string(kLoweredStage)};
  for (const Pass& pass : pipeline_passes()) names.emplace_back(pass.name);
  return names;
}

std::vector<const Pass*> passes_through(std::string_view stage_name, bool trace_lines) {
  std::vector<const Pass*> out;
  if (stage_name == kLoweredStage) return out;
  for (const Pass& pass : pipeline_passes()) {
    if (!pass.on_request || trace_lines) out.push_back(&pass);
    if (pass.name == stage_name) break;
  }
  return out;
}

std::optional<PassFailure> run_passes(Function& function, const std::vector<const Pass*>& passes,
                                      bool verify) {
  for (const Pass* pass : passes) {
    PassFailure failure;
    failure.pass = std::string(pass->name);
    if (!pass->run(function, &failure.problem)) return failure;
    if (verify) failure.errors = ir::verify(function, pass->verified_as);
    if (!failure.errors.empty()) return failure;
  }
  return std::nullopt;
}

}  // namespace pyaot::ir
