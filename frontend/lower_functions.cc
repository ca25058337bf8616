// Lowering function and class creation (FunctionLowerer of lowering.h): def,
// lambda and class statements' MAKE_FUNCTION with its defaults, keyword
// defaults, annotations and closure; LOAD_BUILD_CLASS.

#include "frontend/lowering.h"

#include <algorithm>

namespace pyaot::frontend::lowering {

// A def's or class's decorator expressions, in order, before anything else
// of the definition is evaluated.
std::vector<Instruction*> FunctionLowerer::decorators(const Node& def) {
  std::vector<Instruction*> values;
  for (const ast::Value& d : def.list("decorator_list")) values.push_back(expression(*d.node));
  return values;
}

// The decorators applied to the new function or class, the last one first.
Instruction* FunctionLowerer::decorate(const Node& def, const std::vector<Instruction*>& decorators,
                                       Instruction* target) {
  for (size_t k = decorators.size(); k-- > 0;) {
    at(*def.list("decorator_list")[k].node, {"CALL"});
    target = builder_.emit(Opcode::Call, {decorators[k], target});
  }
  return target;
}

// class C(bases, **keywords) inside a function: CPython's LOAD_BUILD_CLASS,
// the body's function (its code stays bytecode), the name, the bases and
// keywords, one CALL, then the decorators.
void FunctionLowerer::class_definition(const Node& s) {
  const std::vector<Instruction*> decorator_values = decorators(s);
  for (const ast::Value& b : s.list("bases"))
    if (b.node->kind == NodeKind::Starred) unsupported("class with *bases, " + describe(s));
  for (const ast::Value& k : s.list("keywords"))
    if (k.node->identifier("arg").empty()) unsupported("class with **keywords, " + describe(s));
  at(s, {"LOAD_BUILD_CLASS"});
  Instruction* build_class = builder_.emit(Opcode::LoadBuildClass);
  Instruction* body = make_function(s);
  const std::string class_name(s.identifier("name"));
  const BytecodeInstruction* name =
      index_.find_constant(s, [&](int i) { return is_str_constant(i, class_name); });
  if (name == nullptr) unsupported("no name constant for " + describe(s));
  Instruction* name_value = builder_.emit(Opcode::LoadConst);
  name_value->index = name->arg;
  std::vector<Instruction*> operands = {build_class, body, name_value};
  for (const ast::Value& b : s.list("bases")) operands.push_back(expression(*b.node));
  const auto& keywords = s.list("keywords");
  for (const ast::Value& k : keywords) operands.push_back(expression(*k.node->child("value")));
  std::int64_t kwnames = -1;
  if (!keywords.empty()) {
    const BytecodeInstruction* names = index_.find(s, {"KW_NAMES"});
    if (names == nullptr) unsupported("no KW_NAMES for " + describe(s));
    kwnames = names->arg;
  }
  at(s, {"CALL"});
  Instruction* cls = builder_.emit(Opcode::Call, operands);
  cls->kwnames = kwnames;
  store_name(identifier(s, "name"), s, decorate(s, decorator_values, cls));
}

// A nested def, lambda or comprehension: MAKE_FUNCTION's operands in
// CPython's order (defaults, keyword defaults, closure, code).
Instruction* FunctionLowerer::make_function(const Node& e) {
  const BytecodeInstruction& make = at(e, {"MAKE_FUNCTION"});
  const BytecodeInstruction* code_load = index_.before(make.offset);
  if (code_load == nullptr || code_load->opname != "LOAD_CONST") {
    unsupported("no code constant for " + describe(e));
  }
  const int flags = make.arg;
  std::vector<Instruction*> operands;
  Instruction* defaults = nullptr;
  Instruction* kwdefaults = nullptr;
  Instruction* annotations = nullptr;
  if (const Node* args = e.child("args")) {
    const auto& positional = args->list("defaults");
    if (flags & ir::kHasDefaults) defaults = default_tuple(e, positional);
    if (flags & ir::kHasKwDefaults) kwdefaults = keyword_defaults(e, *args);
    if (flags & ir::kHasAnnotations) annotations = annotation_tuple(e, *args);
  }
  Instruction* closure = nullptr;
  if (flags & ir::kHasClosure) {  // LOAD_CLOSURE x n, BUILD_TUPLE n, LOAD_CONST code
    const BytecodeInstruction* build = index_.before(code_load->offset);
    if (build == nullptr || build->opname != "BUILD_TUPLE") unsupported("closure of " + describe(e));
    std::vector<const BytecodeInstruction*> loads;
    for (const BytecodeInstruction* i = build; static_cast<int>(loads.size()) < build->arg;) {
      i = index_.before(i->offset);
      if (i == nullptr || i->opname != "LOAD_CLOSURE") unsupported("closure of " + describe(e));
      loads.insert(loads.begin(), i);
    }
    std::vector<Instruction*> cells;
    for (const BytecodeInstruction* load : loads) {
      Instruction* cell = builder_.emit(Opcode::LoadClosure);
      cell->index = load->arg;
      cells.push_back(cell);
    }
    builder_.set_position(build->line, build->offset);
    closure = builder_.emit(Opcode::BuildTuple, cells);
  }
  Instruction* code = builder_.emit(Opcode::LoadConst);
  code->index = code_load->arg;
  operands.push_back(code);
  for (Instruction* optional : {closure, annotations, kwdefaults, defaults}) {
    if (optional) operands.push_back(optional);
  }
  builder_.set_position(make.line, make.offset);
  Instruction* f = builder_.emit(Opcode::MakeFunction, operands);
  f->index = flags;
  return f;
}

// A def's annotations, as compiler_visit_annotations pushes them: (name,
// value) pairs of the parameters (regular, positional-only, *args,
// keyword-only, **kwargs), then 'return', in one tuple; CPython folds it
// to a constant when every value is one (string annotations, or under
// `from __future__ import annotations`).
Instruction* FunctionLowerer::annotation_tuple(const Node& def, const Node& args) {
  std::vector<std::pair<std::string, const Node*>> annotated;
  auto add = [&](const Node* arg) {
    if (arg != nullptr && arg->child("annotation") != nullptr) {
      annotated.emplace_back(identifier(*arg, "arg"), arg->child("annotation"));
    }
  };
  for (const char* field : {"args", "posonlyargs"})
    for (const ast::Value& a : args.list(field)) add(a.node.get());
  add(args.child("vararg"));
  for (const ast::Value& a : args.list("kwonlyargs")) add(a.node.get());
  add(args.child("kwarg"));
  if (const Node* returns = def.child("returns")) annotated.emplace_back("return", returns);
  const bool stringified = (code_.flags & kFutureAnnotationsFlag) != 0;
  if (stringified || std::all_of(annotated.begin(), annotated.end(),
                                 [](const auto& a) { return is_constant_tree(*a.second); })) {
    return folded_tuple(def, "annotations");
  }
  std::vector<Instruction*> items;
  for (const auto& [name, value] : annotated) {
    if (value->kind == NodeKind::Starred) unsupported("a starred annotation, " + describe(*value));
    const BytecodeInstruction* key = index_.find_constant(def, [&](int index) {
      return is_str_constant(index, name);
    });
    if (key == nullptr) unsupported("no annotation name constant for " + describe(def));
    Instruction* k = builder_.emit(Opcode::LoadConst);
    k->index = key->arg;
    items.push_back(k);
    items.push_back(expression(*value));
  }
  at(def, {"BUILD_TUPLE"});
  return builder_.emit(Opcode::BuildTuple, items);
}

Instruction* FunctionLowerer::default_tuple(const Node& e, const std::vector<ast::Value>& values) {
  if (std::all_of(values.begin(), values.end(),
                  [](const ast::Value& v) { return is_constant_tree(*v.node); })) {
    return folded_tuple(e, "defaults");
  }
  std::vector<Instruction*> items;
  for (const ast::Value& v : values) items.push_back(expression(*v.node));
  at(e, {"BUILD_TUPLE"});
  return builder_.emit(Opcode::BuildTuple, items);
}

Instruction* FunctionLowerer::keyword_defaults(const Node& e, const Node& args) {
  std::vector<Instruction*> values;
  const auto& kwonly = args.list("kwonlyargs");
  const auto& defaults = args.list("kw_defaults");
  for (size_t k = 0; k < kwonly.size(); ++k) {
    if (defaults[k].tag == ast::Value::Tag::None) continue;
    values.push_back(expression(*defaults[k].node));
  }
  const BytecodeInstruction* build = index_.find(e, {"BUILD_CONST_KEY_MAP"});
  const BytecodeInstruction* keys = build ? index_.before(build->offset) : nullptr;
  if (keys == nullptr || keys->opname != "LOAD_CONST" ||
      build->arg != static_cast<int>(values.size())) {
    unsupported("keyword defaults of " + describe(e));
  }
  Instruction* names = builder_.emit(Opcode::LoadConst);
  names->index = keys->arg;
  values.insert(values.begin(), names);
  builder_.set_position(build->line, build->offset);
  return builder_.emit(Opcode::BuildDictFromKeys, values);
}

}  // namespace pyaot::frontend::lowering
