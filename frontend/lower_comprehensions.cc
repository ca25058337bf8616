// Lowering comprehensions and generator expressions (FunctionLowerer of
// lowering.h): the call that runs one, and the body of its own function.

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

// The function of a list/set/dict comprehension or generator expression:
// `.0` is the first iterable's iterator; the result is built (or the
// items yielded) as CPython's comprehension code does.
void FunctionLowerer::comprehension_body() {
  const Node& e = def_;
  Instruction* result = nullptr;
  if (e.kind != NodeKind::GeneratorExp) {
    const bool is_list = e.kind == NodeKind::ListComp, is_set = e.kind == NodeKind::SetComp;
    next(is_list ? "BUILD_LIST" : is_set ? "BUILD_SET" : "BUILD_MAP", e);
    result = builder_.emit(is_list ? Opcode::BuildList : is_set ? Opcode::BuildSet : Opcode::BuildDict);
  }
  comprehension_loop(0, result);
  builder_.emit(Opcode::Return, {result ? result : builder_.emit(Opcode::LoadNone)});
}

void FunctionLowerer::comprehension_loop(size_t k, Instruction* result) {
  const Node& e = def_;
  const auto& generators = e.list("generators");
  const Node& g = *generators[k].node;
  const bool is_async = g.integer("is_async") != 0;
  Instruction* iterator;
  if (k == 0) {
    auto slot = slots_.find(".0");
    if (slot == slots_.end()) unsupported("comprehension without .0, " + describe(e));
    iterator = builder_.emit(Opcode::LoadFast);
    iterator->index = slot->second;
    iterator->name = ".0";
  } else {
    Instruction* iterable = this->iterable(*g.child("iter"));
    next(is_async ? "GET_AITER" : "GET_ITER", e);
    iterator = builder_.emit(is_async ? Opcode::GetAIter : Opcode::GetIter, {iterable});
  }
  BasicBlock* header = function_.add_block();
  BasicBlock* loop_body = function_.add_block();
  BasicBlock* skip = function_.add_block();
  BasicBlock* done = function_.add_block();
  builder_.jump(header);
  builder_.set_block(header);
  Instruction* item;
  if (is_async) {
    item = async_next_item(iterator, done, [&](std::string_view opname) {
      if (opname != "END_ASYNC_FOR") next(opname, e);  // at the loop's end: not needed
    });
    builder_.jump(loop_body);
  } else {
    next("FOR_ITER", e);
    item = builder_.emit(Opcode::IterNext, {iterator});
    Instruction* test = builder_.emit(Opcode::BranchIfNull, {item});
    test->targets = {done, loop_body};
  }
  builder_.set_block(loop_body);
  store(*g.child("target"), item);
  bool runs = true;  // what a constant condition drops CPython does not compile
  for (const ast::Value& condition : g.list("ifs")) {
    BasicBlock* pass = function_.add_block();
    branch_on(*condition.node, e, pass, skip);
    builder_.set_block(pass);
    if (!reachable(pass)) {
      runs = false;
      break;
    }
  }
  if (!runs) {
    builder_.emit(Opcode::Unreachable);
  } else if (k + 1 < generators.size()) {
    comprehension_loop(k + 1, result);
  } else if (e.kind == NodeKind::DictComp) {
    Instruction* key = expression(*e.child("key"));
    Instruction* value = expression(*e.child("value"));
    next("MAP_ADD", e);
    builder_.emit(Opcode::SetItem, {result, key, value});
  } else {
    Instruction* value = expression(*e.child("elt"));
    switch (e.kind) {
      case NodeKind::ListComp:
        next("LIST_APPEND", e);
        builder_.emit(Opcode::ListAppend, {result, value});
        break;
      case NodeKind::SetComp:
        next("SET_ADD", e);
        builder_.emit(Opcode::SetAdd, {result, value});
        break;
      default:
        next("YIELD_VALUE", e);
        builder_.emit(Opcode::Yield, {value});
        break;
    }
  }
  if (!builder_.block_is_terminated()) builder_.jump(skip);
  builder_.set_block(skip);
  back_edge(header);
  builder_.set_block(done);
}

// [x for x in xs]: CPython calls a nested function with iter(xs).
Instruction* FunctionLowerer::comprehension(const Node& e) {
  Instruction* function = make_function(e);
  const Node& first = *e.list("generators")[0].node;
  const bool is_async = first.integer("is_async") != 0;
  Instruction* iterable = this->iterable(*first.child("iter"));
  at(e, {is_async ? "GET_AITER" : "GET_ITER"});
  Instruction* iterator = builder_.emit(is_async ? Opcode::GetAIter : Opcode::GetIter, {iterable});
  at(e, {"CALL"});
  Instruction* result = builder_.emit(Opcode::Call, {function, iterator});
  // A list, set or dict comprehension that awaits is a coroutine: awaited here.
  if (index_.find(e, {"GET_AWAITABLE"}) == nullptr) return result;
  return await_value(e, result, 0);
}

}  // namespace pyaot::frontend::lowering
