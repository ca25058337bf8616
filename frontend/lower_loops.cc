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
  loops_.push_back({header, done, clauses_.size()});
  body(s.list("body"));
  loops_.pop_back();
  back_edge(header);
  builder_.set_block(orelse);
  body(s.list("orelse"));
  if (!builder_.block_is_terminated()) builder_.jump(done);
  builder_.set_block(done);
  seal_if_unreachable(done);
}

// The end of a loop body: pending signals (Ctrl-C) are handled here, as
// the interpreter does at its backward jumps.
void FunctionLowerer::back_edge(BasicBlock* header) {
  if (builder_.block_is_terminated()) return;
  builder_.emit(Opcode::CheckEvalBreaker);
  builder_.jump(header);
}

}  // namespace pyaot::frontend::lowering
