// Lowering try/except/finally and raise (FunctionLowerer of lowering.h), and
// leaving except clauses, with blocks and finally bodies early (return,
// break, continue), as CPython's compiler unwinds them.

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

// try/finally (with or without except clauses inside it): the finally
// body runs on the normal way out, on every return/break/continue through
// it, and for an exception, which then goes on unless the body leaves.
void FunctionLowerer::try_statement(const Node& s) {
  const auto& finally_body = s.list("finalbody");
  if (finally_body.empty()) {
    try_except(s);
    return;
  }
  BasicBlock* outer = builder_.unwind();
  BasicBlock* handler = function_.add_block();
  BasicBlock* done = function_.add_block();
  ActiveClause block;
  block.previous_exception = nullptr;
  block.exception = nullptr;
  block.finally_body = &finally_body;
  block.outer_unwind = outer;
  clauses_.push_back(block);
  builder_.set_unwind(handler);
  if (s.list("handlers").empty()) {
    body(s.list("body"));
  } else {
    try_except(s);
  }
  clauses_.pop_back();
  builder_.set_unwind(outer);
  if (!builder_.block_is_terminated()) {
    body(finally_body);
    if (!builder_.block_is_terminated()) builder_.jump(done);
  }

  builder_.set_block(handler);
  Instruction* exception = builder_.emit(Opcode::CatchException);
  Instruction* previous = builder_.emit(Opcode::PushExcInfo, {exception});
  BasicBlock* cleanup = function_.add_block();
  builder_.set_unwind(cleanup);
  clauses_.push_back({previous, "", exception});
  body(finally_body);
  clauses_.pop_back();
  builder_.set_unwind(outer);
  if (!builder_.block_is_terminated()) restore_and_reraise(previous, exception);
  emit_handler_cleanup(cleanup, previous);
  builder_.set_block(done);
  seal_if_unreachable(done);
}

// try/except/else. Errors in the body go to a handler block that takes
// the exception, makes it sys.exception() and tries each clause in order;
// errors in the clauses restore sys.exception() and propagate, as
// CPython's cleanup handlers do.
void FunctionLowerer::try_except(const Node& s) {
  BasicBlock* outer = builder_.unwind();
  BasicBlock* handler = function_.add_block();
  BasicBlock* done = function_.add_block();
  builder_.set_unwind(handler);
  body(s.list("body"));
  builder_.set_unwind(outer);
  if (!builder_.block_is_terminated()) {
    body(s.list("orelse"));
    if (!builder_.block_is_terminated()) builder_.jump(done);
  }

  builder_.set_block(handler);
  Instruction* exception = builder_.emit(Opcode::CatchException);
  Instruction* previous = builder_.emit(Opcode::PushExcInfo, {exception});
  BasicBlock* cleanup = function_.add_block();  // an error inside an except clause
  for (const ast::Value& clause_value : s.list("handlers")) {
    const Node& clause = *clause_value.node;
    BasicBlock* clause_body = function_.add_block();
    BasicBlock* next = function_.add_block();
    builder_.set_unwind(cleanup);
    if (const Node* type = clause.child("type")) {
      Instruction* types = expression(*type);
      at(clause, {"CHECK_EXC_MATCH"});
      builder_.branch(builder_.emit(Opcode::ExceptionMatches, {exception, types}), clause_body,
                      next);
    } else {
      builder_.jump(clause_body);
    }
    builder_.set_block(clause_body);
    const std::string name = identifier(clause, "name");
    BasicBlock* clause_cleanup = cleanup;
    if (!name.empty()) {
      // `except E as name`: name is unbound when the clause ends, either way.
      clause_cleanup = function_.add_block();
      store_name(name, clause, exception);
      builder_.set_unwind(clause_cleanup);
    }
    clauses_.push_back({previous, name, exception});
    body(clause.list("body"));
    clauses_.pop_back();
    builder_.set_unwind(outer);
    if (!builder_.block_is_terminated()) {
      builder_.emit(Opcode::PopExcInfo, {previous});
      if (!name.empty()) unbind(name, clause);
      builder_.jump(done);
    }
    if (!name.empty()) {
      builder_.set_block(clause_cleanup);
      Instruction* raised = builder_.emit(Opcode::CatchException);
      unbind(name, clause);
      builder_.set_unwind(outer);
      restore_and_reraise(previous, raised);
    }
    builder_.set_block(next);
  }
  // No clause matched: the exception goes on, sys.exception() restored.
  builder_.set_unwind(outer);
  restore_and_reraise(previous, exception);
  emit_handler_cleanup(cleanup, previous);
  builder_.set_block(done);
  seal_if_unreachable(done);
}

// Ends the current block: sys.exception() is `previous` again and
// `exception` goes on, its traceback unchanged.
void FunctionLowerer::restore_and_reraise(Instruction* previous, Instruction* exception) {
  builder_.emit(Opcode::PopExcInfo, {previous});
  builder_.emit(Opcode::Reraise, {exception});
  builder_.emit(Opcode::Unreachable);
}

// Fills `cleanup`, where errors raised while handling an exception go.
void FunctionLowerer::emit_handler_cleanup(BasicBlock* cleanup, Instruction* previous) {
  builder_.set_block(cleanup);
  restore_and_reraise(previous, builder_.emit(Opcode::CatchException));
}

// Leaves the blocks opened after the first `keep` (except clauses, with
// blocks, finally bodies), innermost first. False when a finally body
// ended the way out itself (its own return or break).
bool FunctionLowerer::leave_clauses(size_t keep, const Node& at_statement) {
  BasicBlock* saved = builder_.unwind();
  std::vector<ActiveClause> open = clauses_;
  bool reachable = true;
  for (size_t k = open.size(); k-- > keep && reachable;) {
    const ActiveClause& c = open[k];
    if (c.exit != nullptr) {  // leaving a with block: __exit__(None, None, None)
      builder_.set_unwind(c.outer_unwind);
      call_exit(*c.with_statement, c.exit);
    } else if (c.finally_body != nullptr) {  // the finally body runs, outside its try
      builder_.set_unwind(c.outer_unwind);
      clauses_.resize(k);
      body(*c.finally_body);
      clauses_ = open;
      reachable = !builder_.block_is_terminated();
    } else {
      builder_.emit(Opcode::PopExcInfo, {c.previous_exception});
      if (!c.name.empty()) unbind(c.name, at_statement);
    }
  }
  builder_.set_unwind(saved);
  return reachable;
}

// name = None; del name (the end of `except E as name`).
void FunctionLowerer::unbind(const std::string& name, const Node& clause) {
  if (namespace_scope_) {
    Instruction* clear = builder_.emit(Opcode::StoreName, {builder_.emit(Opcode::LoadNone)});
    clear->index = name_index(name, clause);
    clear->name = name;
    Instruction* del = builder_.emit(Opcode::DeleteName);
    del->index = clear->index;
    del->name = name;
    return;
  }
  if (cells_.count(name) || !slots_.count(name)) unsupported("except ... as a non-local name");
  Instruction* clear = builder_.emit(Opcode::StoreFast, {builder_.emit(Opcode::LoadNone)});
  clear->index = slots_[name];
  clear->name = name;
  Instruction* del = builder_.emit(Opcode::DeleteFast);
  del->index = slots_[name];
  del->name = name;
  (void)clause;
}

// raise, raise exc, raise exc from cause.
void FunctionLowerer::raise_statement(const Node& s) {
  // A bare `raise` re-raises the handled exception, traceback unchanged.
  if (s.child("exc") == nullptr) {
    Instruction* handled = nullptr;
    for (size_t k = clauses_.size(); k-- > 0 && !handled;) handled = clauses_[k].exception;
    at(s, {"RAISE_VARARGS"});
    if (handled != nullptr) {
      builder_.emit(Opcode::Reraise, {handled});
    } else if (!function_.is_generator) {
      // The exception some caller is handling; this frame stays out of its traceback.
      builder_.emit(Opcode::ReraiseHandled);
    } else {
      unsupported("bare raise outside an except clause in a generator, " + describe(s));
    }
    builder_.emit(Opcode::Unreachable);
    return;
  }
  std::vector<Instruction*> operands = {expression(*s.child("exc"))};
  if (const Node* cause = s.child("cause")) operands.push_back(expression(*cause));
  at(s, {"RAISE_VARARGS"});
  builder_.emit(Opcode::Raise, operands);
  builder_.emit(Opcode::Unreachable);
}

}  // namespace pyaot::frontend::lowering
