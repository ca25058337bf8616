#include "frontend/ast.h"

#include <array>

namespace pyaot::ast {
namespace {

constexpr std::array<std::string_view, 0
#define PYAOT_AST_NODE(name, category) +1
#include "frontend/ast_nodes.def"
#undef PYAOT_AST_NODE
                     >
    kNodeKindNames = {
#define PYAOT_AST_NODE(name, category) #name,
#include "frontend/ast_nodes.def"
#undef PYAOT_AST_NODE
};

const std::vector<Value> kEmptyList;

void dump_value(const Value& value, std::string& out);

void dump_node(const Node& node, std::string& out) {
  out += node_kind_name(node.kind);
  out += '(';
  bool first = true;
  for (const Field& field : node.fields) {
    if (field.value.tag == Value::Tag::None) continue;  // ast.dump omits optional Nones
    if (!first) out += ", ";
    first = false;
    out += field.name;
    out += '=';
    dump_value(field.value, out);
  }
  out += ')';
}

void dump_value(const Value& value, std::string& out) {
  switch (value.tag) {
    case Value::Tag::None:
      out += "None";
      break;
    case Value::Tag::Node:
      dump_node(*value.node, out);
      break;
    case Value::Tag::List: {
      out += '[';
      for (size_t i = 0; i < value.list.size(); ++i) {
        if (i) out += ", ";
        dump_value(value.list[i], out);
      }
      out += ']';
      break;
    }
    case Value::Tag::Identifier:
      // Identifiers are ASCII or NFKC-normalized letters: repr is '...'.
      out += '\'';
      out += value.identifier;
      out += '\'';
      break;
    case Value::Tag::Int:
      out += std::to_string(value.integer);
      break;
    case Value::Tag::Constant:
      out += value.constant.repr;
      break;
  }
}

}  // namespace

std::string_view node_kind_name(NodeKind kind) {
  return kNodeKindNames[static_cast<size_t>(kind)];
}

bool node_kind_from_name(std::string_view name, NodeKind* kind) {
  for (size_t i = 0; i < kNodeKindNames.size(); ++i) {
    if (kNodeKindNames[i] == name) {
      *kind = static_cast<NodeKind>(i);
      return true;
    }
  }
  return false;
}

const Value* Node::field(std::string_view name) const {
  for (const Field& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

const Node* Node::child(std::string_view name) const {
  const Value* v = field(name);
  return v && v->tag == Value::Tag::Node ? v->node.get() : nullptr;
}

const std::vector<Value>& Node::list(std::string_view name) const {
  const Value* v = field(name);
  return v && v->tag == Value::Tag::List ? v->list : kEmptyList;
}

std::string_view Node::identifier(std::string_view name) const {
  const Value* v = field(name);
  return v && v->tag == Value::Tag::Identifier ? std::string_view(v->identifier)
                                               : std::string_view();
}

std::int64_t Node::integer(std::string_view name) const {
  const Value* v = field(name);
  return v && v->tag == Value::Tag::Int ? v->integer : 0;
}

const Constant* Node::constant(std::string_view name) const {
  const Value* v = field(name);
  return v && v->tag == Value::Tag::Constant ? &v->constant : nullptr;
}

std::string dump(const Node& node) {
  std::string out;
  dump_node(node, out);
  return out;
}

}  // namespace pyaot::ast
