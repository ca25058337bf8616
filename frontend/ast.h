// The C++ AST: CPython 3.11's `ast` tree, converted node for node.
//
// Node kinds are the classes of the `ast` module (ast_nodes.def, one list).
// Fields keep CPython's names and order, so code reading a node reads like
// code reading `ast` in Python: node.child("value"), node.list("body").
// Positions are CPython's: 1-based lines, 0-based UTF-8 byte columns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pyaot::ast {

enum class NodeKind : std::uint8_t {
#define PYAOT_AST_NODE(name, category) name,
#include "frontend/ast_nodes.def"
#undef PYAOT_AST_NODE
};

std::string_view node_kind_name(NodeKind kind);
// The kind named `name` (an `ast` class name); false if there is none.
bool node_kind_from_name(std::string_view name, NodeKind* kind);

struct SourceRange {
  int line = 0;  // 0 when the node has no position (operators, contexts)
  int column = 0;
  int end_line = 0;
  int end_column = 0;
};

// The value of a Constant node (or MatchSingleton).
struct Constant {
  enum class Kind : std::uint8_t { None, True, False, Ellipsis, Int, Float, Complex, Str, Bytes };
  Kind kind = Kind::None;
  std::string text;  // Int: decimal digits; Float/Complex: repr; Str: UTF-8; Bytes: raw
  std::string repr;  // Python's repr() of the value
};

struct Node;

// One field of a node: absent (None), a node, a list, an identifier,
// a small integer (level, is_async, conversion, simple) or a constant.
struct Value {
  enum class Tag : std::uint8_t { None, Node, List, Identifier, Int, Constant };
  Tag tag = Tag::None;
  std::unique_ptr<Node> node;
  std::vector<Value> list;
  std::string identifier;
  std::int64_t integer = 0;
  Constant constant;
};

struct Field {
  std::string name;
  Value value;
};

struct Node {
  NodeKind kind;
  SourceRange range;
  std::vector<Field> fields;  // in the class's `_fields` order

  // Field access by CPython's field name; a missing or None field gives
  // nullptr / an empty list / an empty string / 0.
  const Value* field(std::string_view name) const;
  const Node* child(std::string_view name) const;
  const std::vector<Value>& list(std::string_view name) const;
  std::string_view identifier(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  const Constant* constant(std::string_view name) const;
};

// The same text as Python's ast.dump(tree) (no attributes, no indent).
std::string dump(const Node& node);

// Calls visit(node) for node and every node below it, parents first.
template <typename Visit>
void walk(const Node& node, Visit&& visit);

namespace detail {
template <typename Visit>
void walk_value(const Value& value, Visit& visit) {
  if (value.tag == Value::Tag::Node) {
    walk(*value.node, visit);
  } else if (value.tag == Value::Tag::List) {
    for (const Value& item : value.list) walk_value(item, visit);
  }
}
}  // namespace detail

template <typename Visit>
void walk(const Node& node, Visit&& visit) {
  visit(node);
  for (const Field& field : node.fields) detail::walk_value(field.value, visit);
}

}  // namespace pyaot::ast
