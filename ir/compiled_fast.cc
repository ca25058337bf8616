#include "ir/compiled_fast.h"

namespace pyaot::ir {
namespace {

// Whether LLVM's optimizer pays for itself on `f`: a function with a loop
// (or a generator, resumed again and again), or a small one (hot methods
// and recursive helpers are small). A large straight-line body costs more
// to optimize than it can win back.
bool worth_optimizing(const Function& f) {
  // Above the largest loopless body the benchmarks run hot (raytrace's
  // Scene.trace: 114 ops as lowered, 164 after the passes): all loopless
  // bodies compiled fast made b_raytrace 30% slower.
  constexpr size_t kLargeStraightLine = 200;
  if (f.is_generator) return true;
  size_t instructions = 0;
  for (const auto& block : f.blocks) {
    for (const auto& i : block->instructions) {
      if (i->op == Opcode::CheckEvalBreaker) return true;
    }
    instructions += block->instructions.size();
  }
  return instructions <= kLargeStraightLine;
}

}  // namespace

void choose_compiled_fast(Function& function) {
  function.compiled_fast = function.runs_once || !worth_optimizing(function);
}

}  // namespace pyaot::ir
