// Lowering expressions (FunctionLowerer of lowering.h): the dispatch over
// expression kinds, constants (folded as CPython folds them), names,
// attributes, subscripts and slices, unary and binary operators, await.
// Calls, displays, conditions and strings have their own files.

#include "frontend/lowering.h"

#include <map>

namespace pyaot::frontend::lowering {

Instruction* FunctionLowerer::expression(const Node& e) {
  if (e.kind == NodeKind::BinOp) {
    if (Instruction* formatted = percent_format(e)) return formatted;
  }
  if (is_debug_name(e)) {  // folded to True (the code is compiled without -O)
    if (const BytecodeInstruction* load =
            index_.find_constant(e, [&](int i) { return code_.const_reprs.at(i) == "True"; })) {
      Instruction* c = builder_.emit(Opcode::LoadConst);
      c->index = load->arg;
      return c;
    }
    Instruction* truth = builder_.emit(Opcode::ConstantBool);
    truth->index = 1;
    return builder_.emit(Opcode::LoadBool, {truth});
  }
  // Constants, including those CPython folded ((1, 2), -1, "a" * 3). Only
  // an expression of constants can be folded; another LOAD_CONST at the
  // same position (an implicit `return None`) is not its value.
  if (is_constant_tree(e)) {
    const BytecodeInstruction* load = index_.find_constant(e, [&](int index) {
      const std::string& repr = code_.const_reprs.at(index);
      // A literal is its own repr; a folded tree is never None.
      return e.kind == NodeKind::Constant ? repr == e.constant("value")->repr : repr != "None";
    });
    if (load != nullptr) {
      Instruction* c = builder_.emit(Opcode::LoadConst);
      c->index = load->arg;
      c->type.kind = constant_type(code_.const_types.at(c->index));
      return c;
    }
    if (e.kind == NodeKind::Constant) {
      // `x is None` compiles to a jump on None, and `return False` in an
      // except clause loads its constant elsewhere: singletons need none.
      switch (e.constant("value")->kind) {
        case ast::Constant::Kind::None:
          return builder_.emit(Opcode::LoadNone);
        case ast::Constant::Kind::True:
        case ast::Constant::Kind::False: {
          Instruction* truth = builder_.emit(Opcode::ConstantBool);
          truth->index = e.constant("value")->kind == ast::Constant::Kind::True;
          return builder_.emit(Opcode::LoadBool, {truth});
        }
        default:
          break;
      }
      // Loaded elsewhere (`return "x"` through a finally body loads it
      // after the body): any constant with the same repr is the same value.
      const std::string& repr = e.constant("value")->repr;
      for (size_t k = 0; k < code_.const_reprs.size(); ++k) {
        if (!repr.empty() && code_.const_reprs[k] == repr) {
          Instruction* c = builder_.emit(Opcode::LoadConst);
          c->index = static_cast<std::int64_t>(k);
          return c;
        }
      }
      unsupported("no LOAD_CONST for " + describe(e));
    }
  }
  switch (e.kind) {
    case NodeKind::Name:
      return name_load(e);
    case NodeKind::Attribute:
      return attribute_load(e, expression(*e.child("value")), {"LOAD_ATTR"});
    case NodeKind::BinOp: {
      Instruction* left = expression(*e.child("left"));
      Instruction* right = expression(*e.child("right"));
      at(e, {"BINARY_OP"});
      Instruction* r = builder_.emit(Opcode::BinaryOp, {left, right});
      r->index = static_cast<int>(binary_kind(*e.child("op")));
      return r;
    }
    case NodeKind::UnaryOp:
      return unary(e);
    case NodeKind::BoolOp:
      return bool_op(e);
    case NodeKind::Compare:
      return compare(e);
    case NodeKind::Call:
      return call(e);
    case NodeKind::Slice:
      return slice_object(e);
    case NodeKind::Subscript: {
      Instruction* object = expression(*e.child("value"));
      const Node& slice = *e.child("slice");
      if (slice.kind == NodeKind::Slice && slice.child("step") == nullptr) {
        // a[b:c] needs no slice object for lists, tuples and strs.
        Instruction* lower = slice_part(slice, "lower");
        Instruction* upper = slice_part(slice, "upper");
        at(slice, {"BUILD_SLICE"});
        at(e, {"BINARY_SUBSCR"});
        return builder_.emit(Opcode::GetSlice, {object, lower, upper});
      }
      Instruction* key = expression(slice);
      at(e, {"BINARY_SUBSCR"});
      return builder_.emit(Opcode::GetItem, {object, key});
    }
    case NodeKind::List:
    case NodeKind::Tuple:
    case NodeKind::Set:
      return display(e);
    case NodeKind::Dict:
      return dict_display(e);
    case NodeKind::IfExp:
      return if_expression(e);
    case NodeKind::Lambda:
      return make_function(e);
    case NodeKind::ListComp:
    case NodeKind::SetComp:
    case NodeKind::DictComp:
    case NodeKind::GeneratorExp:
      return comprehension(e);
    case NodeKind::JoinedStr:
      return joined_string(e);
    case NodeKind::Yield: {
      const Node* value = e.child("value");
      Instruction* v = value ? expression(*value) : builder_.emit(Opcode::LoadNone);
      at(e, {"YIELD_VALUE"});
      return builder_.emit(Opcode::Yield, {v});
    }
    case NodeKind::YieldFrom:
    case NodeKind::Await: {
      Instruction* v = expression(*e.child("value"));
      Instruction* iterator;
      if (e.kind == NodeKind::Await) {
        at(e, {"GET_AWAITABLE"});
        iterator = builder_.emit(Opcode::GetAwaitable, {v});
      } else {
        at(e, {"GET_YIELD_FROM_ITER"});
        iterator = builder_.emit(Opcode::GetYieldFromIter, {v});
        iterator->index = (code_.flags & kCoroutineFlags) != 0;
      }
      at(e, {"SEND"});
      return builder_.emit(Opcode::YieldFrom, {iterator});
    }
    case NodeKind::NamedExpr: {
      Instruction* value = expression(*e.child("value"));
      store(*e.child("target"), value);
      return value;
    }
    default:
      unsupported(describe(e));
  }
}

Instruction* FunctionLowerer::name_load(const Node& e) {
  std::string name = identifier(e, "id");
  if (namespace_scope_) {
    const BytecodeInstruction& load =
        at(e, {"LOAD_NAME", "LOAD_GLOBAL", "LOAD_CLASSDEREF", "LOAD_DEREF"});
    const Opcode op = load.opname == "LOAD_NAME"         ? Opcode::LoadName
                      : load.opname == "LOAD_GLOBAL"     ? Opcode::LoadGlobal
                      : load.opname == "LOAD_CLASSDEREF" ? Opcode::LoadClassDeref
                                                         : Opcode::LoadDeref;
    Instruction* l = builder_.emit(op);
    l->index = op == Opcode::LoadGlobal ? name_index(name, e) : load.arg;
    l->name = name;
    return l;
  }
  if (cells_.count(name)) {
    const BytecodeInstruction& load = at(e, {"LOAD_DEREF"});
    Instruction* l = builder_.emit(Opcode::LoadDeref);
    l->index = load.arg;
    l->name = name;
    return l;
  }
  auto slot = slots_.find(name);
  if (slot != slots_.end()) {
    at(e, {"LOAD_FAST"});
    Instruction* l = builder_.emit(Opcode::LoadFast);
    l->index = slot->second;
    l->name = name;
    return l;
  }
  at(e, {"LOAD_GLOBAL"});
  Instruction* g = builder_.emit(Opcode::LoadGlobal);
  g->index = name_index(name, e);
  g->name = name;
  return g;
}

Instruction* FunctionLowerer::attribute_load(const Node& e, Instruction* object,
                                             std::initializer_list<std::string_view> opnames) {
  const BytecodeInstruction* load = index_.find_attribute_load(e, opnames);
  if (load == nullptr) unsupported("no CPython instruction matches " + describe(e));
  return attribute_load_at(e, object, *load);
}

// object.attr at CPython's instruction `load`: a LoadAttr at a LOAD_ATTR,
// or a method call's LoadMethod at its LOAD_METHOD.
Instruction* FunctionLowerer::attribute_load_at(const Node& e, Instruction* object,
                                                const BytecodeInstruction& load, Opcode op) {
  builder_.set_position(load.line > 0 ? load.line : e.range.line, load.offset);
  Instruction* a = builder_.emit(op, {object});
  a->name = identifier(e, "attr");
  a->index = name_index(a->name, e);
  return a;
}

// A bound of a slice (lower, upper, step): its value, or None when absent.
Instruction* FunctionLowerer::slice_part(const Node& slice, const char* field) {
  const Node* n = slice.child(field);
  return n ? expression(*n) : builder_.emit(Opcode::LoadNone);
}

// lower:upper:step, as a subscript or an item of a subscript's tuple.
Instruction* FunctionLowerer::slice_object(const Node& slice) {
  Instruction* lower = slice_part(slice, "lower");
  Instruction* upper = slice_part(slice, "upper");
  Instruction* step = slice_part(slice, "step");
  at(slice, {"BUILD_SLICE"});
  return builder_.emit(Opcode::BuildSlice, {lower, upper, step});
}

Instruction* FunctionLowerer::unary(const Node& e) {
  const Node& op = *e.child("op");
  const Node& inner = *e.child("operand");
  if (op.kind == NodeKind::Not && inner.kind == NodeKind::Compare && inner.list("ops").size() == 1) {
    // not (a in b) is a not in b, and so on (fold_unaryop): one test, at the comparison.
    static const std::map<NodeKind, NodeKind> inverse = {
        {NodeKind::In, NodeKind::NotIn}, {NodeKind::NotIn, NodeKind::In},
        {NodeKind::Is, NodeKind::IsNot}, {NodeKind::IsNot, NodeKind::Is}};
    auto inverted = inverse.find(inner.list("ops")[0].node->kind);
    if (inverted != inverse.end()) {
      Instruction* left = expression(*inner.child("left"));
      const Node& right = *inner.list("comparators")[0].node;
      const bool folds = inverted->second == NodeKind::In || inverted->second == NodeKind::NotIn;
      return compare_one(inner, inverted->second, left, folds ? iterable(right) : expression(right));
    }
  }
  Instruction* operand = expression(inner);
  if (op.kind == NodeKind::Not) {
    at(e, {"UNARY_NOT"});
    Instruction* truth = builder_.emit(Opcode::IsTrue, {operand});
    Instruction* b = builder_.emit(Opcode::LoadBool, {builder_.emit(Opcode::Not, {truth})});
    return b;
  }
  ir::UnaryKind kind = op.kind == NodeKind::USub   ? ir::UnaryKind::Negative
                       : op.kind == NodeKind::UAdd ? ir::UnaryKind::Positive
                                                   : ir::UnaryKind::Invert;
  at(e, {"UNARY_NEGATIVE", "UNARY_POSITIVE", "UNARY_INVERT"});
  Instruction* r = builder_.emit(Opcode::UnaryOp, {operand});
  r->index = static_cast<int>(kind);
  return r;
}

ir::BinaryKind FunctionLowerer::binary_kind(const Node& op) {
  static const std::map<NodeKind, ir::BinaryKind> kinds = {
      {NodeKind::Add, ir::BinaryKind::Add},           {NodeKind::BitAnd, ir::BinaryKind::And},
      {NodeKind::FloorDiv, ir::BinaryKind::FloorDivide}, {NodeKind::LShift, ir::BinaryKind::LShift},
      {NodeKind::MatMult, ir::BinaryKind::MatMul},    {NodeKind::Mult, ir::BinaryKind::Multiply},
      {NodeKind::Mod, ir::BinaryKind::Remainder},     {NodeKind::BitOr, ir::BinaryKind::Or},
      {NodeKind::Pow, ir::BinaryKind::Power},         {NodeKind::RShift, ir::BinaryKind::RShift},
      {NodeKind::Sub, ir::BinaryKind::Subtract},      {NodeKind::Div, ir::BinaryKind::TrueDivide},
      {NodeKind::BitXor, ir::BinaryKind::Xor}};
  return kinds.at(op.kind);
}

// `await value` where CPython gives both instructions the position of
// `node` (an async with: kind 1 awaits __aenter__'s result, 2 __aexit__'s;
// an awaiting comprehension: kind 0).
Instruction* FunctionLowerer::await_value(const Node& node, Instruction* value, int kind) {
  at(node, {"GET_AWAITABLE"});
  Instruction* iterator = builder_.emit(Opcode::GetAwaitable, {value});
  iterator->index = kind;
  at(node, {"SEND"});
  return builder_.emit(Opcode::YieldFrom, {iterator});
}

// What is iterated or searched (a for loop's or comprehension's iterable,
// the right side of `in`): CPython's AST optimizer (fold_iter) makes a
// list display a tuple and a constant set display a frozenset constant.
Instruction* FunctionLowerer::iterable(const Node& e) {
  if (e.kind != NodeKind::List && e.kind != NodeKind::Set) return expression(e);
  const auto& items = e.list("elts");
  bool all_constant = true;
  for (const ast::Value& v : items) {
    if (v.node->kind == NodeKind::Starred) return expression(e);
    all_constant &= is_constant_tree(*v.node);
  }
  if (all_constant) return folded_tuple(e, "constant");
  if (e.kind == NodeKind::Set) return expression(e);
  std::vector<Instruction*> values;
  for (const ast::Value& v : items) values.push_back(expression(*v.node));
  at(e, {"BUILD_TUPLE"});
  return builder_.emit(Opcode::BuildTuple, values);
}

// The one constant CPython folded a tuple of constants into, loaded at
// `node`'s position; `what` names it in the fallback reason.
Instruction* FunctionLowerer::folded_tuple(const Node& node, const char* what) {
  const BytecodeInstruction* load = index_.find(node, {"LOAD_CONST"});
  if (load == nullptr) unsupported(std::string("no folded ") + what + " for " + describe(node));
  Instruction* c = builder_.emit(Opcode::LoadConst);
  c->index = load->arg;
  return c;
}

bool FunctionLowerer::is_constant_tree(const Node& e) {
  switch (e.kind) {
    case NodeKind::Constant:
      return true;
    case NodeKind::Tuple:
      for (const ast::Value& v : e.list("elts"))
        if (!is_constant_tree(*v.node)) return false;
      return true;
    case NodeKind::UnaryOp:
      return is_constant_tree(*e.child("operand"));
    case NodeKind::BinOp:
      return is_constant_tree(*e.child("left")) && is_constant_tree(*e.child("right"));
    case NodeKind::Subscript:
      return is_constant_tree(*e.child("value")) && is_constant_tree(*e.child("slice"));
    default:
      return false;
  }
}

// The exact type of a constant of the code object, by its type's name;
// Object for those the lattice has no kind for (frozenset, code, ellipsis).
ir::TypeKind FunctionLowerer::constant_type(const std::string& type_name) {
  if (type_name == "NoneType") return ir::TypeKind::NoneType;
  const std::optional<ir::TypeKind> kind = ir::type_named(type_name);
  return kind && *kind != ir::TypeKind::Bottom ? *kind : ir::TypeKind::Object;
}

bool FunctionLowerer::is_debug_name(const Node& e) {
  return e.kind == NodeKind::Name && e.identifier("id") == "__debug__";
}

// Whether constant `index` of the code is the str `text` (UTF-8).
bool FunctionLowerer::is_str_constant(int index, const std::string& text) const {
  const std::optional<std::string>& value = code_.const_strs.at(index);
  return value && *value == text;
}

}  // namespace pyaot::frontend::lowering
