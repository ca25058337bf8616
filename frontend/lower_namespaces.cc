// Lowering class and module bodies (FunctionLowerer of lowering.h): what
// CPython's compiler adds around their statements (__module__, __qualname__,
// __doc__, __annotations__, __classcell__) and annotated assignments there.

#include "frontend/lowering.h"

#include <algorithm>

namespace pyaot::frontend::lowering {

// A class or module body, with what CPython's compiler adds around its
// statements: a class's __module__ and __qualname__, __annotations__, the
// docstring as __doc__, and a class's __classcell__ (its __class__ cell,
// which type.__new__ fills in), returned.
void FunctionLowerer::namespace_body() {
  if (def_.kind == NodeKind::ClassDef) {
    next("LOAD_NAME", def_);
    Instruction* module_name = builder_.emit(Opcode::LoadName);
    module_name->index = name_index("__name__", def_);
    module_name->name = "__name__";
    store_in_namespace("__module__", module_name);
    const BytecodeInstruction& qualname = next("LOAD_CONST", def_);
    Instruction* qualname_value = builder_.emit(Opcode::LoadConst);
    qualname_value->index = qualname.arg;
    store_in_namespace("__qualname__", qualname_value);
  }
  if (index_.next_after(cursor_, "SETUP_ANNOTATIONS") != nullptr) {
    next("SETUP_ANNOTATIONS", def_);
    builder_.emit(Opcode::SetupAnnotations);
  }
  const auto& statements = def_.list("body");
  if (!statements.empty() && is_docstring(*statements[0].node)) {
    const BytecodeInstruction& doc = next("LOAD_CONST", *statements[0].node);
    Instruction* doc_value = builder_.emit(Opcode::LoadConst);
    doc_value->index = doc.arg;
    store_in_namespace("__doc__", doc_value);
  }
  body(statements);
  if (builder_.block_is_terminated()) return;
  auto class_cell = std::find(code_.cellvars.begin(), code_.cellvars.end(), "__class__");
  if (def_.kind != NodeKind::ClassDef || class_cell == code_.cellvars.end()) {
    builder_.emit(Opcode::Return, {builder_.emit(Opcode::LoadNone)});
    return;
  }
  // Every way out of the body has a copy of these; the first will do.
  const int classcell = name_index("__classcell__", def_);
  const BytecodeInstruction* store = nullptr;
  for (const BytecodeInstruction& i : code_.instructions) {
    if (i.opname == "STORE_NAME" && i.arg == classcell) {
      store = &i;
      break;
    }
  }
  const BytecodeInstruction* copy = store ? index_.before(store->offset) : nullptr;
  const BytecodeInstruction* load = copy ? index_.before(copy->offset) : nullptr;
  if (load == nullptr || load->opname != "LOAD_CLOSURE") unsupported("no __classcell__ store");
  Instruction* cell = builder_.emit(Opcode::LoadClosure);
  cell->index = load->arg;
  cell->name = "__class__";
  builder_.set_position(store->line > 0 ? store->line : def_.range.line, store->offset);
  Instruction* s = builder_.emit(Opcode::StoreName, {cell});
  s->index = classcell;
  s->name = "__classcell__";
  builder_.emit(Opcode::Return, {cell});
}

// The next STORE_NAME, in code order, binding `name` to `value`.
void FunctionLowerer::store_in_namespace(const std::string& name, Instruction* value) {
  next("STORE_NAME", def_);
  Instruction* s = builder_.emit(Opcode::StoreName, {value});
  s->index = name_index(name, def_);
  s->name = name;
}

// A first statement that is a string constant becomes __doc__.
bool FunctionLowerer::is_docstring(const Node& s) {
  if (s.kind != NodeKind::Expr) return false;
  const Node& value = *s.child("value");
  return value.kind == NodeKind::Constant &&
         value.constant("value")->kind == ast::Constant::Kind::Str;
}

// x: T = v in a class or module body (compiler_annassign): the value is
// stored, then a simple name's annotation goes into __annotations__; other
// targets have their parts evaluated (without a value) and the annotation
// evaluated and dropped. Under `from __future__ import annotations` the
// annotation is its source text, a constant, and only a simple name's is kept.
void FunctionLowerer::annotated_assign_in_namespace(const Node& s) {
  const Node& target = *s.child("target");
  const Node& annotation = *s.child("annotation");
  const bool stringified = (code_.flags & kFutureAnnotationsFlag) != 0;
  if (const Node* value = s.child("value")) store(target, expression(*value));
  if (target.kind == NodeKind::Name) {
    if (s.integer("simple") == 0) {
      if (!stringified) expression(annotation);
      return;
    }
    Instruction* annotation_value;
    if (stringified) {
      annotation_value = builder_.emit(Opcode::LoadConst);
      annotation_value->index = next("LOAD_CONST", s).arg;
    } else {
      annotation_value = expression(annotation);
    }
    next("LOAD_NAME", s);
    Instruction* annotations = builder_.emit(Opcode::LoadName);
    annotations->index = name_index("__annotations__", s);
    annotations->name = "__annotations__";
    Instruction* key = builder_.emit(Opcode::LoadConst);
    key->index = next("LOAD_CONST", s).arg;
    next("STORE_SUBSCR", s);
    builder_.emit(Opcode::SetItem, {annotations, key, annotation_value});
    return;
  }
  if (s.child("value") == nullptr) {
    if (target.kind == NodeKind::Attribute) {
      expression(*target.child("value"));
    } else if (target.kind == NodeKind::Subscript) {
      expression(*target.child("value"));
      expression(*target.child("slice"));
    } else {
      unsupported("annotation of " + describe(target));
    }
  }
  if (!stringified) expression(annotation);
}

}  // namespace pyaot::frontend::lowering
