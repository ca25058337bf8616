#include "ir/trace_lines.h"

namespace pyaot::ir {
namespace {

// Whether a line event can be due before `i`. Not before a Jump: the
// lowering gives the ones that are statements (break) a TraceLine, the
// others carry the position of the code before them. Not before the start
// of an exception handler: the exception is taken first.
bool starts_a_line(const Instruction& i) {
  return i.op != Opcode::Phi && i.op != Opcode::Jump && i.op != Opcode::CatchException &&
         i.op != Opcode::PushExcInfo;
}

}  // namespace

void insert_line_events(Function& function) {
  for (const auto& block : function.blocks) {
    int last_line = -1;  // none yet in this block
    for (size_t k = 0; k < block->instructions.size(); ++k) {
      const Instruction& i = *block->instructions[k];
      if (i.bytecode_offset < 0 || i.line <= 0 || !starts_a_line(i)) continue;
      if (i.op == Opcode::TraceLine) last_line = i.line;  // the lowering's (lowering.h)
      if (i.line == last_line) continue;
      last_line = i.line;
      Instruction* event = insert_before(function, block.get(), k, Opcode::TraceLine, {});
      event->unwind = block->instructions[k + 1]->unwind;
      ++k;
    }
  }
}

}  // namespace pyaot::ir
