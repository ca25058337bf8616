#include "ir/trace_lines.h"

namespace pyaot::ir {
namespace {

// Whether a line event can be due before `i`: an op whose position is
// the instruction it stands for. Not jumps, constants and the plumbing of
// exception handlers: they keep the position of the code lowered before
// them (the lowering gives break, continue and pass a TraceLine of their own).
bool starts_a_line(const Instruction& i) {
  switch (i.op) {
    case Opcode::Phi:
    case Opcode::Jump:
    case Opcode::Return:  // the implicit `return None` has no position of its own
    case Opcode::CheckEvalBreaker:  // a while loop's back edge goes to its condition: traced there
    case Opcode::Unreachable:
    case Opcode::LoadConst:
    case Opcode::LoadNone:
    case Opcode::ConstantBool:
    case Opcode::LoadBool:
    case Opcode::CatchException:
    case Opcode::PushExcInfo:
    case Opcode::PopExcInfo:
    case Opcode::Reraise:
    // The generator stub's YIELD_VALUE for this line reports it (the
    // interpreter runs it on suspension; frontend/trampolines.h).
    case Opcode::Yield:
    case Opcode::YieldFrom:
      return false;
    default:
      return true;
  }
}

// Whether the code from `k` on stays on k's line up to a yield: the
// generator stub's YIELD_VALUE for that line reports it when the body
// suspends there (frontend/trampolines.h), once, as the interpreter does.
bool suspends_on_its_line(const BasicBlock& block, size_t k) {
  const int line = block.instructions[k]->line;
  for (size_t m = k; m < block.instructions.size(); ++m) {
    const Instruction& next = *block.instructions[m];
    if (next.op == Opcode::Yield || next.op == Opcode::YieldFrom) return next.line == line;
    if (next.bytecode_offset >= 0 && next.line > 0 && starts_a_line(next) && next.line != line) {
      return false;
    }
  }
  return false;
}

}  // namespace

void insert_line_events(Function& function) {
  for (const auto& block : function.blocks) {
    int last_offset = -1;  // none yet in this block
    for (size_t k = 0; k < block->instructions.size(); ++k) {
      const Instruction& i = *block->instructions[k];
      if (i.bytecode_offset < 0 || i.line <= 0 || !starts_a_line(i)) continue;
      // Within a block the interpreter's instructions run in order: a
      // position before the last one is that of code lowered earlier.
      if (i.bytecode_offset <= last_offset) continue;
      last_offset = i.bytecode_offset;
      if (i.op == Opcode::TraceLine) continue;  // the lowering's (lowering.h)
      if (suspends_on_its_line(*block, k)) continue;
      Instruction* event = insert_before(function, block.get(), k, Opcode::TraceLine, {});
      event->unwind = block->instructions[k + 1]->unwind;
      ++k;
    }
  }
}

}  // namespace pyaot::ir
