// Lowering tuple, list, set and dict displays (FunctionLowerer of
// lowering.h), with starred items and ** entries.

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

Instruction* FunctionLowerer::display(const Node& e) {
  // [1, 2, 3] and {1, 2, 3}: CPython loads the items as one folded constant.
  if (e.kind != NodeKind::Tuple) {
    if (const BytecodeInstruction* load = index_.find(e, {"LOAD_CONST"});
        load && std::make_tuple(load->line, load->column, load->end_line, load->end_column) ==
                    range_of(e)) {
      Instruction* items = builder_.emit(Opcode::LoadConst);
      items->index = load->arg;
      at(e, {"LIST_EXTEND", "SET_UPDATE"});
      return builder_.emit(
          e.kind == NodeKind::List ? Opcode::ListFromConstant : Opcode::SetFromConstant, {items});
    }
  }
  for (const ast::Value& v : e.list("elts")) {
    if (v.node->kind == NodeKind::Starred) return starred_display(e);
  }
  std::vector<Instruction*> items;
  for (const ast::Value& v : e.list("elts")) items.push_back(expression(*v.node));
  Opcode op = e.kind == NodeKind::List ? Opcode::BuildList
              : e.kind == NodeKind::Set ? Opcode::BuildSet
                                        : Opcode::BuildTuple;
  at(e, {"BUILD_LIST", "BUILD_SET", "BUILD_TUPLE", "LIST_EXTEND", "SET_UPDATE", "*"});
  return builder_.emit(op, items);
}

// (a, *b, c), [*b, c], {*b, c}: CPython builds a list (a set) of the items
// before the first star, then extends or appends item by item; a tuple is
// the list converted (starunpack_helper).
Instruction* FunctionLowerer::starred_display(const Node& e) {
  const auto& elements = e.list("elts");
  if (elements.size() > 30) unsupported("a long display with a starred item, " + describe(e));
  const bool is_set = e.kind == NodeKind::Set;
  std::vector<Instruction*> leading;
  size_t k = 0;
  for (; elements[k].node->kind != NodeKind::Starred; ++k) leading.push_back(expression(*elements[k].node));
  at(e, {is_set ? "BUILD_SET" : "BUILD_LIST"});
  Instruction* built = builder_.emit(is_set ? Opcode::BuildSet : Opcode::BuildList, leading);
  for (; k < elements.size(); ++k) {
    const Node& element = *elements[k].node;
    const bool starred = element.kind == NodeKind::Starred;
    Instruction* v = expression(starred ? *element.child("value") : element);
    if (is_set) {
      at(e, {starred ? "SET_UPDATE" : "SET_ADD"});
      builder_.emit(starred ? Opcode::SetUpdate : Opcode::SetAdd, {built, v});
    } else {
      at(e, {starred ? "LIST_EXTEND" : "LIST_APPEND"});
      builder_.emit(starred ? Opcode::ListExtend : Opcode::ListAppend, {built, v});
    }
  }
  if (e.kind != NodeKind::Tuple) return built;
  at(e, {"LIST_TO_TUPLE"});
  return builder_.emit(Opcode::ListToTuple, {built});
}

// {"a": 1, **m, k: v}, and displays of more than 15 entries: runs of plain
// entries become dicts (compiler_subdict; one of more than 15 entries is
// filled by MAP_ADD), merged into the first with DICT_UPDATE, as each **
// mapping is (compiler_dict).
Instruction* FunctionLowerer::dict_display_with_unpacking(const Node& e) {
  const auto& keys = e.list("keys");
  const auto& values = e.list("values");
  Instruction* dict = nullptr;
  auto subdict = [&](size_t begin, size_t end) {
    const size_t n = end - begin;
    const bool big = n * 2 > 30;
    bool constant_keys = n > 1 && !big;
    // (keys as CPython's AST optimizer folds them: ("a", 1) is a constant)
    for (size_t i = begin; i < end; ++i) constant_keys &= is_constant_tree(*keys[i].node);
    Instruction* part;
    if (constant_keys) {
      std::vector<Instruction*> items;
      for (size_t i = begin; i < end; ++i) items.push_back(expression(*values[i].node));
      const BytecodeInstruction* load = index_.find(e, {"LOAD_CONST"});
      if (load == nullptr) unsupported("no key tuple for " + describe(e));
      Instruction* names = builder_.emit(Opcode::LoadConst);
      names->index = load->arg;
      items.insert(items.begin(), names);
      at(e, {"BUILD_CONST_KEY_MAP"});
      part = builder_.emit(Opcode::BuildDictFromKeys, items);
    } else if (big) {
      at(e, {"BUILD_MAP"});
      part = builder_.emit(Opcode::BuildDict);
      for (size_t i = begin; i < end; ++i) {
        Instruction* key = expression(*keys[i].node);
        Instruction* value = expression(*values[i].node);
        at(e, {"MAP_ADD"});
        builder_.emit(Opcode::SetItem, {part, key, value});
      }
    } else {
      std::vector<Instruction*> items;
      for (size_t i = begin; i < end; ++i) {
        items.push_back(expression(*keys[i].node));
        items.push_back(expression(*values[i].node));
      }
      at(e, {"BUILD_MAP"});
      part = builder_.emit(Opcode::BuildDict, items);
    }
    if (dict == nullptr) {
      dict = part;
    } else {
      at(e, {"DICT_UPDATE"});
      builder_.emit(Opcode::DictUpdate, {dict, part});
    }
  };
  size_t run = 0;  // plain entries not yet built
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].tag != ast::Value::Tag::None) {
      if (run * 2 > 30) {  // a long run is built up to this entry
        subdict(i - run, i + 1);
        run = 0;
      } else {
        ++run;
      }
      continue;
    }
    if (run) subdict(i - run, i);
    run = 0;
    if (dict == nullptr) {
      at(e, {"BUILD_MAP"});
      dict = builder_.emit(Opcode::BuildDict);
    }
    Instruction* mapping = expression(*values[i].node);
    at(e, {"DICT_UPDATE"});
    builder_.emit(Opcode::DictUpdate, {dict, mapping});
  }
  if (run) subdict(keys.size() - run, keys.size());
  return dict;
}

Instruction* FunctionLowerer::dict_display(const Node& e) {
  std::vector<Instruction*> items;
  const auto& keys = e.list("keys");
  const auto& values = e.list("values");
  // {"a": x, "b": y}: CPython evaluates the values, then loads the keys as
  // one folded tuple (BUILD_CONST_KEY_MAP).
  // (A large dict is built in chunks: then the counts differ.)
  if (keys.size() > 15) return dict_display_with_unpacking(e);
  for (const ast::Value& k : keys)
    if (k.tag == ast::Value::Tag::None) return dict_display_with_unpacking(e);
  const BytecodeInstruction* build = index_.find(e, {"BUILD_CONST_KEY_MAP"});
  if (build != nullptr && build->arg == static_cast<int>(values.size())) {
    for (const ast::Value& v : values) items.push_back(expression(*v.node));
    const BytecodeInstruction* load = index_.find(e, {"LOAD_CONST"});
    if (load == nullptr || load->offset > build->offset) unsupported("no key tuple for " + describe(e));
    Instruction* names = builder_.emit(Opcode::LoadConst);
    names->index = load->arg;
    items.insert(items.begin(), names);
    builder_.set_position(build->line, build->offset);
    return builder_.emit(Opcode::BuildDictFromKeys, items);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].tag == ast::Value::Tag::None) unsupported("**mapping in " + describe(e));
    items.push_back(expression(*keys[i].node));
    items.push_back(expression(*values[i].node));
  }
  at(e, {"BUILD_MAP", "BUILD_CONST_KEY_MAP", "*"});
  return builder_.emit(Opcode::BuildDict, items);
}

}  // namespace pyaot::frontend::lowering
