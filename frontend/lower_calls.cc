// Lowering calls (FunctionLowerer of lowering.h): plain and method calls
// (LOAD_METHOD), keywords, and *args/**kwargs (CALL_FUNCTION_EX).

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

Instruction* FunctionLowerer::call(const Node& e) {
  const Node& callee = *e.child("func");
  // obj.name(...): CPython's LOAD_METHOD, the arguments, then CALL. The
  // lookup (a property, __getattr__, a descriptor may run) comes before the
  // arguments; a method found on the type comes with obj as its self and
  // is called without a bound method.
  Instruction* function = nullptr;
  Instruction* self = nullptr;
  const BytecodeInstruction* method = nullptr;
  if (callee.kind == NodeKind::Attribute) {
    function = expression(*callee.child("value"));
    method = index_.find_attribute_load(callee, {"LOAD_METHOD"});
    if (method == nullptr) {
      function = attribute_load(callee, function, {"LOAD_ATTR"});
    } else {
      function = attribute_load_at(callee, function, *method, Opcode::LoadMethod);
      self = builder_.emit(Opcode::MethodSelf, {function});
    }
  } else {
    function = expression(callee);
  }
  bool unpacks = false;
  for (const ast::Value& a : e.list("args")) unpacks |= a.node->kind == NodeKind::Starred;
  for (const ast::Value& k : e.list("keywords")) unpacks |= k.node->identifier("arg").empty();
  if (unpacks) {
    if (method) unsupported("unpacking in a method call, " + describe(e));
    return call_with_unpacking(e, function);
  }
  std::vector<Instruction*> args;
  for (const ast::Value& a : e.list("args")) args.push_back(expression(*a.node));
  const auto& keywords = e.list("keywords");
  for (const ast::Value& k : keywords) args.push_back(expression(*k.node->child("value")));
  std::int64_t kwnames = -1;
  if (!keywords.empty()) {
    const BytecodeInstruction* names =
        method ? index_.find_at(moved_to_attribute(callee, callee), {"KW_NAMES"})
               : index_.find(callee.kind == NodeKind::Attribute ? callee : e, {"KW_NAMES"});
    if (names == nullptr) names = index_.find(e, {"KW_NAMES"});
    if (names == nullptr) unsupported("no KW_NAMES for " + describe(e));
    kwnames = names->arg;
  }
  if (method) {
    const BytecodeInstruction* call = index_.find_at(moved_to_attribute(e, callee), {"CALL"});
    if (call == nullptr) unsupported("no CPython instruction matches " + describe(e));
    builder_.set_position(call->line, call->offset);
  } else {
    at(e, {"CALL"});
  }
  std::vector<Instruction*> operands = {function};
  if (self != nullptr) operands.push_back(self);
  operands.insert(operands.end(), args.begin(), args.end());
  Instruction* c = builder_.emit(self != nullptr ? Opcode::CallMethod : Opcode::Call, operands);
  c->kwnames = kwnames;
  return c;
}

// The position CPython gives the parts of a method call `node` (the call,
// or its attribute): when it starts on another line than the method's
// name ends, it starts at that name (update_start_location_to_match_attr).
Range FunctionLowerer::moved_to_attribute(const Node& node, const Node& attribute) {
  Range range = range_of(node);
  if (node.range.line != attribute.range.end_line) {
    const int length = static_cast<int>(attribute.identifier("attr").size());
    std::get<0>(range) = attribute.range.end_line;
    std::get<1>(range) = length <= attribute.range.end_column ? attribute.range.end_column - length : -1;
  }
  return range;
}

// f(*a, x, **k): CPython's CALL_FUNCTION_EX, with the positional tuple
// and the keyword dict built in evaluation order.
Instruction* FunctionLowerer::call_with_unpacking(const Node& e, Instruction* function) {
  const auto& args = e.list("args");
  Instruction* positional = nullptr;
  if (args.size() == 1 && args[0].node->kind == NodeKind::Starred) {
    positional = expression(*args[0].node->child("value"));  // converted by the call
  } else {
    bool all_constant = true;
    for (const ast::Value& a : args) all_constant &= a.node->kind == NodeKind::Constant;
    const BytecodeInstruction* folded = all_constant ? index_.find(e, {"LOAD_CONST"}) : nullptr;
    std::vector<Instruction*> leading;
    size_t k = 0;
    for (; !folded && k < args.size() && args[k].node->kind != NodeKind::Starred; ++k) {
      leading.push_back(expression(*args[k].node));
    }
    if (folded) {  // f(1, 2, **k): CPython passes one constant tuple
      positional = builder_.emit(Opcode::LoadConst);
      positional->index = folded->arg;
    } else if (k == args.size()) {
      at(e, {"BUILD_TUPLE", "LOAD_CONST", "*"});
      positional = builder_.emit(Opcode::BuildTuple, leading);
    } else {
      at(e, {"BUILD_LIST"});
      Instruction* list = builder_.emit(Opcode::BuildList, leading);
      for (; k < args.size(); ++k) {
        const Node& a = *args[k].node;
        bool starred = a.kind == NodeKind::Starred;
        Instruction* v = expression(starred ? *a.child("value") : a);
        at(e, {starred ? "LIST_EXTEND" : "LIST_APPEND"});
        builder_.emit(starred ? Opcode::ListExtend : Opcode::ListAppend, {list, v});
      }
      at(e, {"LIST_TO_TUPLE"});
      positional = builder_.emit(Opcode::ListToTuple, {list});
    }
  }
  std::vector<Instruction*> operands = {function, positional};
  const auto& keywords = e.list("keywords");
  if (!keywords.empty()) {
    Instruction* dict = nullptr;
    std::vector<Instruction*> group;  // key, value, ... of plain keywords
    auto flush = [&] {
      if (group.empty()) return;
      at(e, {"BUILD_MAP", "BUILD_CONST_KEY_MAP"});
      Instruction* part = builder_.emit(Opcode::BuildDict, group);
      group.clear();
      if (dict == nullptr) {
        dict = part;
      } else {
        at(e, {"DICT_MERGE"});
        builder_.emit(Opcode::DictMerge, {function, dict, part});
      }
    };
    for (const ast::Value& k : keywords) {
      std::string_view name = k.node->identifier("arg");
      if (!name.empty()) {
        Instruction* key = builder_.emit(Opcode::LoadString);
        key->name = std::string(name);
        group.push_back(key);
        group.push_back(expression(*k.node->child("value")));
        continue;
      }
      flush();
      if (dict == nullptr) {
        at(e, {"BUILD_MAP"});
        dict = builder_.emit(Opcode::BuildDict);
      }
      Instruction* mapping = expression(*k.node->child("value"));
      at(e, {"DICT_MERGE"});
      builder_.emit(Opcode::DictMerge, {function, dict, mapping});
    }
    flush();
    operands.push_back(dict);
  }
  at(e, {"CALL_FUNCTION_EX"});
  return builder_.emit(Opcode::CallEx, operands);
}

}  // namespace pyaot::frontend::lowering
