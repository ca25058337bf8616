// Lowering loops (FunctionLowerer of lowering.h): while, for, async for,
// their else blocks, break/continue targets and back edges. The next item
// of an async iterator (async_next_item), shared with async comprehensions,
// is a template in lowering.h.

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

void FunctionLowerer::while_statement(const Node& s) {
  BasicBlock* header = function_.add_block();
  BasicBlock* loop_body = function_.add_block();
  BasicBlock* orelse = function_.add_block();
  BasicBlock* done = function_.add_block();
  builder_.jump(header);
  builder_.set_block(header);
  branch_on(*s.child("test"), s, loop_body, orelse);
  builder_.set_block(loop_body);
  loop_body_and_else(s, header, orelse, done);
}

void FunctionLowerer::for_statement(const Node& s) {
  Instruction* iterable = this->iterable(*s.child("iter"));
  at(s, {"GET_ITER"});
  Instruction* iterator = builder_.emit(Opcode::GetIter, {iterable});
  BasicBlock* header = function_.add_block();
  BasicBlock* loop_body = function_.add_block();
  BasicBlock* orelse = function_.add_block();
  BasicBlock* done = function_.add_block();
  builder_.jump(header);
  builder_.set_block(header);
  at(s, {"FOR_ITER"});
  Instruction* item = builder_.emit(Opcode::IterNext, {iterator});
  Instruction* test = builder_.emit(Opcode::BranchIfNull, {item});
  test->targets = {orelse, loop_body};
  builder_.set_block(loop_body);
  store(*s.child("target"), item);
  loop_body_and_else(s, header, orelse, done);
}

// async for: each item is awaited from __anext__(); StopAsyncIteration
// raised there ends the loop (END_ASYNC_FOR), any other error goes on.
void FunctionLowerer::async_for_statement(const Node& s) {
  Instruction* iterable = expression(*s.child("iter"));
  at(s, {"GET_AITER"});
  Instruction* iterator = builder_.emit(Opcode::GetAIter, {iterable});
  BasicBlock* header = function_.add_block();
  BasicBlock* orelse = function_.add_block();
  BasicBlock* done = function_.add_block();
  builder_.jump(header);
  builder_.set_block(header);
  Instruction* item = async_next_item(iterator, orelse, [&](std::string_view opname) {
    at(opname == "END_ASYNC_FOR" ? *s.child("iter") : s, {opname});
  });
  store(*s.child("target"), item);
  loop_body_and_else(s, header, orelse, done);
}

// The rest of a while or for loop, from inside its body block: the body
// (break -> done, continue -> header), the back edge, the else block.
void FunctionLowerer::loop_body_and_else(const Node& s, BasicBlock* header, BasicBlock* orelse,
                                         BasicBlock* done) {
  loops_.push_back({header, done, clauses_.size(), builder_.unwind()});
  body(s.list("body"));
  loops_.pop_back();
  back_edge(header);
  builder_.set_block(orelse);
  body(s.list("orelse"));
  if (!builder_.block_is_terminated()) builder_.jump(done);
  builder_.set_block(done);
  seal_if_unreachable(done);
}

// The end of a loop body: pending signals (Ctrl-C) and waiting threads are
// handled here, as at the interpreter's backward jumps. CPython gives each
// path into the end of the body its own backward jump (a while loop's
// repeats the test), which has the position of the code before it (PEP
// 626): so a body ending in try/except or if/else gets one check per path.
void FunctionLowerer::back_edge(BasicBlock* header) {
  if (builder_.block_is_terminated()) return;
  BasicBlock* join = builder_.block();
  const std::vector<BasicBlock*> incoming = function_.predecessors(join);
  bool split = join->instructions.empty() && incoming.size() > 1;
  for (BasicBlock* from : incoming) {
    const Instruction* edge = from->terminator();
    split &= edge != nullptr && (edge->op == Opcode::Jump || edge->op == Opcode::Branch);
  }
  if (!split) {
    const Instruction* last = !join->instructions.empty() ? join->instructions.back().get()
                              : incoming.size() == 1      ? incoming[0]->terminator()
                                                          : nullptr;
    builder_.emit(Opcode::CheckEvalBreaker);
    if (last != nullptr) check_eval_breaker_after(*last);
    builder_.jump(header);
    return;
  }
  for (BasicBlock* from : incoming) {
    Instruction* edge = from->terminator();
    for (BasicBlock*& target : edge->targets) {
      if (target != join) continue;
      target = function_.add_block();
      builder_.set_block(target);
      builder_.emit(Opcode::CheckEvalBreaker);
      check_eval_breaker_after(*edge);
      builder_.jump(header);
    }
  }
  builder_.set_block(join);
  builder_.emit(Opcode::Unreachable);  // every path now has its own back edge
}

// continue: the blocks it is in are left, then its backward jump checks
// for signals and waiting threads (outside those blocks) as any back edge.
void FunctionLowerer::continue_statement(const Node& s) {
  if (loops_.empty()) unsupported("continue outside a loop");
  const Loop& loop = loops_.back();
  if (!leave_clauses(loop.active_clauses, s)) return;
  BasicBlock* inside = builder_.unwind();
  builder_.set_unwind(loop.unwind);
  if (const BytecodeInstruction* jump = index_.find(s, {"JUMP_BACKWARD"})) {
    builder_.set_position(jump->line, jump->offset);
    builder_.emit(Opcode::CheckEvalBreaker);
  } else {  // after a finally body: the jump has the position of the code before it
    builder_.emit(Opcode::CheckEvalBreaker);
    Instruction* check = builder_.block()->instructions.back().get();
    check_eval_breaker_after(*check);
  }
  builder_.set_unwind(inside);
  builder_.jump(loop.continue_target);
}

// Positions the CheckEvalBreaker just emitted at the backward jump CPython
// reaches after `last` (a branch that jumps backward itself, or the next
// one in code order); it keeps `last`'s position if there is none.
void FunctionLowerer::check_eval_breaker_after(const Instruction& last) {
  Instruction* check = builder_.block()->instructions.back().get();
  const BytecodeInstruction* at = index_.at_offset(last.bytecode_offset);
  const BytecodeInstruction* jump =
      at != nullptr && last.op == Opcode::Branch && InstructionIndex::is_backward_jump(*at)
          ? at
          : index_.backward_jump_from(last.bytecode_offset + 1);
  if (jump == nullptr) return;
  check->bytecode_offset = jump->offset;
  if (jump->line > 0) check->line = jump->line;
}

}  // namespace pyaot::frontend::lowering
