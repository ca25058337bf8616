// Lowering with and async with (FunctionLowerer of lowering.h).

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

// with a as x, b as y: body. Each item enters its manager (BEFORE_WITH);
// an error in what follows goes to a handler that calls
// __exit__(type, value, traceback) and re-raises unless it returns true;
// leaving normally (or by return/break/continue) calls __exit__(None, None, None).
void FunctionLowerer::with_statement(const Node& s, size_t item_index) {
  const auto& items = s.list("items");
  if (item_index == items.size()) {
    body(s.list("body"));
    return;
  }
  const Node& item = *items[item_index].node;
  const bool is_async = s.kind == NodeKind::AsyncWith;
  Instruction* manager = expression(*item.child("context_expr"));
  at(s, {is_async ? "BEFORE_ASYNC_WITH" : "BEFORE_WITH"});
  Instruction* entered =
      builder_.emit(is_async ? Opcode::BeforeAsyncWith : Opcode::BeforeWith, {manager});
  Instruction* exit = builder_.emit(Opcode::TupleItem, {entered});
  exit->index = 0;
  Instruction* result = builder_.emit(Opcode::TupleItem, {entered});
  result->index = 1;
  if (is_async) result = await_value(s, result, 1);
  BasicBlock* outer = builder_.unwind();
  BasicBlock* handler = function_.add_block();
  BasicBlock* done = function_.add_block();
  builder_.set_unwind(handler);
  if (const Node* target = item.child("optional_vars")) store(*target, result);
  ActiveClause block;
  block.previous_exception = nullptr;
  block.exception = nullptr;
  block.exit = exit;
  block.with_statement = &s;
  block.outer_unwind = outer;
  clauses_.push_back(block);
  with_statement(s, item_index + 1);
  clauses_.pop_back();
  builder_.set_unwind(outer);
  if (!builder_.block_is_terminated()) {
    call_exit(s, exit);
    builder_.jump(done);
  }

  builder_.set_block(handler);
  Instruction* exception = builder_.emit(Opcode::CatchException);
  Instruction* previous = builder_.emit(Opcode::PushExcInfo, {exception});
  BasicBlock* cleanup = function_.add_block();
  BasicBlock* swallow = function_.add_block();
  BasicBlock* reraise = function_.add_block();
  builder_.set_unwind(cleanup);
  at(s, {"WITH_EXCEPT_START"});
  Instruction* verdict = builder_.emit(Opcode::WithExceptStart, {exit, exception});
  if (is_async) verdict = await_value(s, verdict, 2);
  builder_.branch(builder_.emit(Opcode::IsTrue, {verdict}), swallow, reraise);
  builder_.set_unwind(outer);
  builder_.set_block(swallow);
  builder_.emit(Opcode::PopExcInfo, {previous});
  builder_.jump(done);
  builder_.set_block(reraise);
  restore_and_reraise(previous, exception);
  emit_handler_cleanup(cleanup, previous);
  builder_.set_block(done);
  seal_if_unreachable(done);
}

void FunctionLowerer::call_exit(const Node& with, Instruction* exit) {
  Instruction* none = builder_.emit(Opcode::LoadNone);
  at(with, {"CALL"});
  Instruction* result = builder_.emit(Opcode::Call, {exit, none, none, none});
  if (with.kind == NodeKind::AsyncWith) await_value(with, result, 2);
}

}  // namespace pyaot::frontend::lowering
