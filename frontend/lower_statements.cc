// Lowering statements (FunctionLowerer of lowering.h): the dispatch over
// statement kinds, assignments and stores, del, imports, if, assert. Loops,
// try, with and match have their own files.

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

void FunctionLowerer::body(const std::vector<ast::Value>& statements) {
  for (const ast::Value& s : statements) {
    if (builder_.block_is_terminated()) return;  // dead code after return/break
    statement(*s.node);
  }
}

void FunctionLowerer::statement(const Node& s) {
  // Statements whose own instructions have no op that ir/trace_lines.h
  // could give the line event the interpreter sends: pass, try:, while
  // True: (a NOP; a last pass gives its position to the implicit return),
  // break and continue (a jump), a bare raise, a return of a constant.
  const Node* returned = s.kind == NodeKind::Return ? s.child("value") : nullptr;
  const bool no_op_of_its_own =
      s.kind == NodeKind::Pass || s.kind == NodeKind::Try || s.kind == NodeKind::While ||
      s.kind == NodeKind::Break || s.kind == NodeKind::Continue ||
      (s.kind == NodeKind::Raise && s.child("exc") == nullptr) ||
      (s.kind == NodeKind::Return && (returned == nullptr || returned->kind == NodeKind::Constant));
  // (The constant a return loads has the constant's position.)
  if (trace_lines_ && no_op_of_its_own &&
      at_if_compiled(returned != nullptr ? *returned : s,
                     {"NOP", "JUMP_FORWARD", "JUMP_BACKWARD", "LOAD_CONST", "POP_EXCEPT", "RAISE_VARARGS"}) !=
          nullptr) {
    builder_.emit(Opcode::TraceLine);
  }
  switch (s.kind) {
    case NodeKind::Expr:
      // A constant statement (a docstring) compiles to nothing.
      if (s.child("value")->kind == NodeKind::Constant) return;
      expression(*s.child("value"));
      return;
    case NodeKind::Pass:
    case NodeKind::Global:
    case NodeKind::Nonlocal:
      return;  // declarations only change how names resolve
    case NodeKind::FunctionDef:
    case NodeKind::AsyncFunctionDef: {
      const std::vector<Instruction*> decorator_values = decorators(s);
      Instruction* function = make_function(s);
      store_name(identifier(s, "name"), s, decorate(s, decorator_values, function));
      return;
    }
    case NodeKind::ClassDef:
      class_definition(s);
      return;
    case NodeKind::Assign: {
      if (parallel_assign(s)) return;
      Instruction* value = expression(*s.child("value"));
      for (const ast::Value& target : s.list("targets")) store(*target.node, value);
      return;
    }
    case NodeKind::AnnAssign: {
      const Node* value = s.child("value");
      const Node* target = s.child("target");
      if (namespace_scope_) {
        annotated_assign_in_namespace(s);
        return;
      }
      if (value == nullptr) {
        if (target->kind == NodeKind::Name) return;  // a local annotation is not evaluated
        unsupported("annotation without a value, " + describe(s));
      }
      store(*target, expression(*value));
      return;
    }
    case NodeKind::AugAssign:
      augmented_assign(s);
      return;
    case NodeKind::Return: {
      // As CPython compiles it: a constant is loaded after the finally
      // bodies run (not at all when they always raise), anything else
      // before.
      const Node* value = s.child("value");
      const bool constant = value == nullptr || value->kind == NodeKind::Constant;
      Instruction* result = constant ? nullptr : expression(*value);
      if (!leave_clauses(0, s)) return;
      if (constant) result = value ? expression(*value) : builder_.emit(Opcode::LoadNone);
      builder_.emit(Opcode::Return, {result});
      return;
    }
    case NodeKind::If:
      if_statement(s);
      return;
    case NodeKind::While:
      while_statement(s);
      return;
    case NodeKind::For:
      for_statement(s);
      return;
    case NodeKind::AsyncFor:
      async_for_statement(s);
      return;
    case NodeKind::Break:
      if (loops_.empty()) unsupported("break outside a loop");
      if (leave_clauses(loops_.back().active_clauses, s)) builder_.jump(loops_.back().break_target);
      return;
    case NodeKind::Continue:
      continue_statement(s);
      return;
    case NodeKind::Assert:
      assert_statement(s);
      return;
    case NodeKind::Try:
      try_statement(s);
      return;
    case NodeKind::With:
    case NodeKind::AsyncWith:
      with_statement(s, 0);
      return;
    case NodeKind::Raise:
      raise_statement(s);
      return;
    case NodeKind::Match:
      match_statement(s);
      return;
    case NodeKind::Delete:
      for (const ast::Value& target : s.list("targets")) delete_target(*target.node);
      return;
    case NodeKind::Import:
      for (const ast::Value& a : s.list("names")) {
        const Node& alias = *a.node;
        const std::string name(alias.identifier("name"));
        const std::string as = identifier(alias, "asname");
        Instruction* module = import_name(s);
        if (as.empty()) {  // import a.b.c binds a
          store_name(mangle(name.substr(0, name.find('.'))), s, module);
          continue;
        }
        // import a.b.c as d: d = a.b.c through IMPORT_FROM b, then c.
        for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
          module = import_from(s, module);
        }
        store_name(as, s, module);
      }
      return;
    case NodeKind::ImportFrom: {
      Instruction* module = import_name(s);
      for (const ast::Value& a : s.list("names")) {
        const Node& alias = *a.node;
        const std::string name(alias.identifier("name"));
        if (name == "*") {
          if (!namespace_scope_) unsupported("import * in a function, " + describe(s));
          at(s, {"IMPORT_STAR"});
          builder_.emit(Opcode::ImportStar, {module});
          return;
        }
        const std::string as(alias.identifier("asname"));
        store_name(mangle(as.empty() ? name : as), s, import_from(s, module));
      }
      return;
    }
    default:
      unsupported(describe(s));
  }
}

// The next IMPORT_NAME of an import statement, with the level and
// fromlist constants CPython loads before it.
Instruction* FunctionLowerer::import_name(const Node& s) {
  const BytecodeInstruction& import = at(s, {"IMPORT_NAME"});
  const BytecodeInstruction* fromlist = index_.before(import.offset);
  const BytecodeInstruction* level = fromlist ? index_.before(fromlist->offset) : nullptr;
  if (level == nullptr || fromlist->opname != "LOAD_CONST" || level->opname != "LOAD_CONST") {
    unsupported("no level and fromlist constants for " + describe(s));
  }
  Instruction* fromlist_value = builder_.emit(Opcode::LoadConst);
  fromlist_value->index = fromlist->arg;
  Instruction* level_value = builder_.emit(Opcode::LoadConst);
  level_value->index = level->arg;
  Instruction* i = builder_.emit(Opcode::ImportName, {fromlist_value, level_value});
  i->index = import.arg;
  i->name = code_.names.at(import.arg);
  return i;
}

// The next IMPORT_FROM of an import statement, from `module`.
Instruction* FunctionLowerer::import_from(const Node& s, Instruction* module) {
  const BytecodeInstruction& from = at(s, {"IMPORT_FROM"});
  Instruction* i = builder_.emit(Opcode::ImportFrom, {module});
  i->index = from.arg;
  i->name = code_.names.at(from.arg);
  return i;
}

// a.x, a.y = p, q: evaluate the right side, then store left to right;
// building and unpacking the tuple cannot fail, so CPython skips it too.
bool FunctionLowerer::parallel_assign(const Node& s) {
  const auto& targets = s.list("targets");
  const Node& value = *s.child("value");
  if (targets.size() != 1) return false;
  const Node& target = *targets[0].node;
  auto is_display = [](const Node& n) {
    return n.kind == NodeKind::Tuple || n.kind == NodeKind::List;
  };
  if (!is_display(target) || !is_display(value)) return false;
  const auto& lhs = target.list("elts");
  const auto& rhs = value.list("elts");
  if (lhs.size() != rhs.size()) return false;
  bool all_constant = true;  // then CPython loads one folded tuple and unpacks it
  for (const ast::Value& v : rhs) all_constant &= is_constant_tree(*v.node);
  if (all_constant) return false;
  for (const auto* side : {&lhs, &rhs}) {
    for (const ast::Value& v : *side)
      if (v.node->kind == NodeKind::Starred) return false;
  }
  std::vector<Instruction*> values;
  for (const ast::Value& v : rhs) values.push_back(expression(*v.node));
  for (size_t i = 0; i < lhs.size(); ++i) store(*lhs[i].node, values[i]);
  return true;
}

// Binds `name` (a local, a cell or a declared global); `node` has the
// position CPython gives the store.
void FunctionLowerer::store_name(const std::string& name, const Node& node, Instruction* value) {
  if (namespace_scope_) {
    const BytecodeInstruction& store = at(node, {"STORE_NAME", "STORE_GLOBAL", "STORE_DEREF"});
    const Opcode op = store.opname == "STORE_NAME"     ? Opcode::StoreName
                      : store.opname == "STORE_GLOBAL" ? Opcode::StoreGlobal
                                                       : Opcode::StoreDeref;
    Instruction* s = builder_.emit(op, {value});
    s->index = store.arg;
    s->name = name;
    return;
  }
  if (cells_.count(name)) {
    const BytecodeInstruction& store = at(node, {"STORE_DEREF"});
    Instruction* s = builder_.emit(Opcode::StoreDeref, {value});
    s->index = store.arg;
    s->name = name;
    return;
  }
  auto slot = slots_.find(name);
  if (slot != slots_.end()) {
    at_if_compiled(node, {"STORE_FAST"});  // where a finaliser of the old value sees the frame
    Instruction* s = builder_.emit(Opcode::StoreFast, {value});
    s->index = slot->second;
    s->name = name;
    return;
  }
  at(node, {"STORE_GLOBAL"});
  Instruction* s = builder_.emit(Opcode::StoreGlobal, {value});
  s->index = name_index(name, node);
  s->name = name;
}

void FunctionLowerer::store(const Node& target, Instruction* value) {
  switch (target.kind) {
    case NodeKind::Name:
      store_name(identifier(target, "id"), target, value);
      return;
    case NodeKind::Attribute: {
      Instruction* object = expression(*target.child("value"));
      at(target, {"STORE_ATTR"});
      Instruction* s = builder_.emit(Opcode::StoreAttr, {object, value});
      s->name = identifier(target, "attr");
      s->index = name_index(s->name, target);
      return;
    }
    case NodeKind::Subscript: {
      Instruction* object = expression(*target.child("value"));
      Instruction* key = expression(*target.child("slice"));
      at(target, {"STORE_SUBSCR"});
      builder_.emit(Opcode::SetItem, {object, key, value});
      return;
    }
    case NodeKind::Tuple:
    case NodeKind::List: {
      std::vector<std::int64_t> slots;
      for (const ast::Value& element : target.list("elts")) {
        const Node& e = *element.node;
        if (e.kind != NodeKind::Name || !slots_.count(identifier(e, "id"))) {
          unpack_to_targets(target, value);
          return;
        }
        slots.push_back(slots_[identifier(e, "id")]);
      }
      at(target, {"UNPACK_SEQUENCE"});
      Instruction* u = builder_.emit(Opcode::UnpackSequence, {value});
      u->slots = std::move(slots);
      u->index = static_cast<std::int64_t>(u->slots.size());
      return;
    }
    default:
      unsupported("assignment to " + describe(target));
  }
}

// a, (b, c.d), *e[0] = value: the items as a tuple (UNPACK_SEQUENCE, or
// UNPACK_EX around one starred target), then each target stored in turn,
// its own parts evaluated just before its store, as CPython does.
void FunctionLowerer::unpack_to_targets(const Node& target, Instruction* value) {
  const auto& elements = target.list("elts");
  int star = -1;
  for (size_t k = 0; k < elements.size(); ++k) {
    if (elements[k].node->kind != NodeKind::Starred) continue;
    if (star >= 0) unsupported("two starred targets, " + describe(target));
    star = static_cast<int>(k);
  }
  at(target, {star >= 0 ? "UNPACK_EX" : "UNPACK_SEQUENCE"});
  Instruction* items = builder_.emit(Opcode::Unpack, {value});
  if (star >= 0) {
    items->index = star;
    items->slots = {static_cast<std::int64_t>(elements.size()) - star - 1};
  } else {
    items->index = static_cast<std::int64_t>(elements.size());
  }
  for (size_t k = 0; k < elements.size(); ++k) {
    Instruction* item = builder_.emit(Opcode::TupleItem, {items});
    item->index = static_cast<std::int64_t>(k);
    const Node& element = *elements[k].node;
    store(element.kind == NodeKind::Starred ? *element.child("value") : element, item);
  }
}

void FunctionLowerer::delete_target(const Node& target) {
  if (namespace_scope_ && target.kind == NodeKind::Name) {
    const BytecodeInstruction& del =
        at(target, {"DELETE_NAME", "DELETE_GLOBAL", "DELETE_DEREF"});
    const Opcode op = del.opname == "DELETE_NAME"     ? Opcode::DeleteName
                      : del.opname == "DELETE_GLOBAL" ? Opcode::DeleteGlobal
                                                      : Opcode::DeleteDeref;
    Instruction* d = builder_.emit(op);
    d->index = del.arg;
    d->name = identifier(target, "id");
    return;
  }
  if (target.kind == NodeKind::Name && slots_.count(identifier(target, "id"))) {
    at(target, {"DELETE_FAST"});
    Instruction* d = builder_.emit(Opcode::DeleteFast);
    d->name = identifier(target, "id");
    d->index = slots_[d->name];
    return;
  }
  if (target.kind == NodeKind::Name) {  // a cell, or a global
    const std::string name = identifier(target, "id");
    if (cells_.count(name)) {
      const BytecodeInstruction& del = at(target, {"DELETE_DEREF"});
      Instruction* d = builder_.emit(Opcode::DeleteDeref);
      d->index = del.arg;
      d->name = name;
      return;
    }
    at(target, {"DELETE_GLOBAL"});
    Instruction* d = builder_.emit(Opcode::DeleteGlobal);
    d->index = name_index(name, target);
    d->name = name;
    return;
  }
  if (target.kind == NodeKind::Subscript) {
    Instruction* object = expression(*target.child("value"));
    Instruction* key = expression(*target.child("slice"));
    at(target, {"DELETE_SUBSCR"});
    builder_.emit(Opcode::DeleteItem, {object, key});
    return;
  }
  if (target.kind == NodeKind::Attribute) {
    Instruction* object = expression(*target.child("value"));
    at(target, {"DELETE_ATTR"});
    Instruction* d = builder_.emit(Opcode::DeleteAttr, {object});
    d->name = identifier(target, "attr");
    d->index = name_index(d->name, target);
    return;
  }
  if (target.kind == NodeKind::Tuple || target.kind == NodeKind::List) {  // del (a, b.c)
    for (const ast::Value& element : target.list("elts")) delete_target(*element.node);
    return;
  }
  unsupported("del of " + describe(target));
}

void FunctionLowerer::augmented_assign(const Node& s) {
  const Node& target = *s.child("target");
  const auto kind = binary_kind(*s.child("op"));
  auto combine = [&](Instruction* current) {
    Instruction* operand = expression(*s.child("value"));
    at(s, {"BINARY_OP"});
    Instruction* r = builder_.emit(Opcode::InplaceOp, {current, operand});
    r->index = static_cast<int>(kind);
    return r;
  };
  switch (target.kind) {
    case NodeKind::Name:
      store(target, combine(name_load(target)));
      return;
    case NodeKind::Attribute: {
      Instruction* object = expression(*target.child("value"));
      Instruction* current = attribute_load(target, object, {"LOAD_ATTR"});
      Instruction* updated = combine(current);
      at(target, {"STORE_ATTR"});
      Instruction* st = builder_.emit(Opcode::StoreAttr, {object, updated});
      st->name = identifier(target, "attr");
      st->index = name_index(st->name, target);
      return;
    }
    case NodeKind::Subscript: {
      Instruction* object = expression(*target.child("value"));
      Instruction* key = expression(*target.child("slice"));
      at(target, {"BINARY_SUBSCR"});
      Instruction* current = builder_.emit(Opcode::GetItem, {object, key});
      Instruction* updated = combine(current);
      at(target, {"STORE_SUBSCR"});
      builder_.emit(Opcode::SetItem, {object, key, updated});
      return;
    }
    default:
      unsupported("augmented assignment to " + describe(target));
  }
}

void FunctionLowerer::if_statement(const Node& s) {
  BasicBlock* then_block = function_.add_block();
  BasicBlock* else_block = function_.add_block();
  BasicBlock* done = function_.add_block();
  branch_on(*s.child("test"), s, then_block, else_block);
  // A branch the condition never takes (if 0 and x:) is not compiled.
  builder_.set_block(then_block);
  if (reachable(then_block)) body(s.list("body"));
  if (!builder_.block_is_terminated()) builder_.jump(done);
  builder_.set_block(else_block);
  if (reachable(else_block)) body(s.list("orelse"));
  if (!builder_.block_is_terminated()) builder_.jump(done);
  builder_.set_block(done);
  seal_if_unreachable(done);
}

void FunctionLowerer::assert_statement(const Node& s) {
  BasicBlock* fail = function_.add_block();
  BasicBlock* ok = function_.add_block();
  branch_on(*s.child("test"), s, ok, fail);
  // CPython places the raise where its test left the position: at the
  // statement, or at the last comparison the test made.
  const Node& raise_position = last_comparison_ ? *last_comparison_ : s;
  builder_.set_block(fail);
  std::vector<Instruction*> args;
  if (const Node* msg = s.child("msg")) args.push_back(expression(*msg));
  at(raise_position, {"RAISE_VARARGS"});
  builder_.emit(Opcode::RaiseAssertion, args);
  builder_.emit(Opcode::Unreachable);
  builder_.set_block(ok);
}

}  // namespace pyaot::frontend::lowering
