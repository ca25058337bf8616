// Lowering f-strings and the %-formats CPython compiles as f-strings
// (FunctionLowerer of lowering.h).

#include "frontend/lowering.h"

namespace pyaot::frontend::lowering {

// "<%s: %r>" % (a, b): CPython's AST optimizer (ast_opt.c, optimize_format)
// compiles it as the f-string f"<{a!s}: {b!r}>" when the format has only
// %s/%r/%a units with flags, a width and a precision of at most two digits
// each, and exactly as many units as the tuple has items. nullptr when it
// does not apply (then the % is a BINARY_OP).
Instruction* FunctionLowerer::percent_format(const Node& e) {
  const Node& left = *e.child("left");
  const Node& right = *e.child("right");
  if (e.child("op")->kind != NodeKind::Mod || left.kind != NodeKind::Constant ||
      left.constant("value")->kind != ast::Constant::Kind::Str || right.kind != NodeKind::Tuple ||
      is_constant_tree(right)) {  // a constant tuple is folded first: then so is the %
    return nullptr;
  }
  const auto& items = right.list("elts");
  for (const ast::Value& v : items)
    if (v.node->kind == NodeKind::Starred) return nullptr;
  struct Piece {
    std::string literal;  // when item < 0
    int item = -1;
    int conversion = 0;
    std::string spec;
  };
  std::vector<Piece> pieces;
  const std::string& format = left.constant("value")->text;
  size_t pos = 0;
  size_t count = 0;
  while (true) {
    std::string literal;  // up to the next lone %, with %% as %
    while (pos < format.size()) {
      if (format[pos] != '%') {
        literal += format[pos++];
      } else if (pos + 1 < format.size() && format[pos + 1] == '%') {
        literal += '%';
        pos += 2;
      } else {
        break;
      }
    }
    if (!literal.empty()) pieces.push_back({literal});
    if (pos >= format.size()) break;
    if (count >= items.size()) return nullptr;  // more units than items
    ++pos;                                      // the %
    // simple_format_arg_parse: flags, width, precision (each < 3 digits), spec.
    auto next = [&](char* ch) {
      if (pos >= format.size()) return false;
      *ch = format[pos++];
      return true;
    };
    char ch = 0;
    bool left_justify = false;
    while (true) {
      if (!next(&ch)) return nullptr;
      if (ch == '-') {
        left_justify = true;
      } else if (ch != '+' && ch != ' ' && ch != '#' && ch != '0') {
        break;
      }
    }
    int width = -1, precision = -1;
    if (ch >= '0' && ch <= '9') {
      width = 0;
      for (int digits = 0; ch >= '0' && ch <= '9';) {
        width = width * 10 + (ch - '0');
        if (!next(&ch) || ++digits >= 3) return nullptr;
      }
    }
    if (ch == '.') {
      if (!next(&ch)) return nullptr;
      precision = 0;
      for (int digits = 0; ch >= '0' && ch <= '9';) {
        precision = precision * 10 + (ch - '0');
        if (!next(&ch) || ++digits >= 3) return nullptr;
      }
    }
    if (ch != 's' && ch != 'r' && ch != 'a') return nullptr;
    Piece unit;
    unit.item = static_cast<int>(count++);
    unit.conversion = ch;
    if (!left_justify && width > 0) unit.spec += '>';
    if (width >= 0) unit.spec += std::to_string(width);
    if (precision >= 0) unit.spec += "." + std::to_string(precision);
    pieces.push_back(unit);
  }
  if (count < items.size()) return nullptr;  // more items than units
  if (pieces.size() > 30) unsupported("a long %-format, " + describe(e));  // ''.join(...)
  auto load_string = [&](const std::string& text) {
    for (size_t k = 0; k < code_.const_strs.size(); ++k) {
      if (is_str_constant(static_cast<int>(k), text)) {
        Instruction* c = builder_.emit(Opcode::LoadConst);
        c->index = static_cast<std::int64_t>(k);
        return c;
      }
    }
    unsupported("no constant for a part of the %-format " + describe(e));
  };
  std::vector<Instruction*> parts;
  for (const Piece& piece : pieces) {
    if (piece.item < 0) {
      parts.push_back(load_string(piece.literal));
      continue;
    }
    const Node& item = *items[piece.item].node;
    std::vector<Instruction*> operands = {expression(item)};
    if (!piece.spec.empty()) operands.push_back(load_string(piece.spec));
    at(item, {"FORMAT_VALUE"});
    Instruction* f = builder_.emit(Opcode::FormatValue, operands);
    f->index = piece.conversion;
    parts.push_back(f);
  }
  if (parts.size() == 1) return parts[0];
  at(e, {"BUILD_STRING"});
  return builder_.emit(Opcode::BuildString, parts);
}

// f"...": CPython gives every part the whole string's position, so parts
// are matched to its instructions in order.
Instruction* FunctionLowerer::joined_string(const Node& e) {
  const auto& values = e.list("values");
  if (values.size() == 1 && values[0].node->kind == NodeKind::Constant) {
    // f"text" without placeholders is its text, one constant.
    const std::string& repr = values[0].node->constant("value")->repr;
    const BytecodeInstruction* load =
        index_.find_constant(e, [&](int i) { return code_.const_reprs.at(i) == repr; });
    if (load == nullptr) unsupported("no LOAD_CONST for " + describe(e));
    Instruction* c = builder_.emit(Opcode::LoadConst);
    c->index = load->arg;
    return c;
  }
  std::vector<Instruction*> parts;
  for (const ast::Value& v : e.list("values")) {
    const Node& part = *v.node;
    if (part.kind == NodeKind::Constant) {
      const BytecodeInstruction* load = index_.find_constant(part, [&](int index) {
        return code_.const_reprs.at(index) == part.constant("value")->repr;
      });
      if (load == nullptr) unsupported("no LOAD_CONST for a part of " + describe(e));
      Instruction* c = builder_.emit(Opcode::LoadConst);
      c->index = load->arg;
      parts.push_back(c);
    } else {
      parts.push_back(formatted_value(part));
    }
  }
  if (parts.size() == 1 && e.list("values")[0].node->kind == NodeKind::FormattedValue) {
    return parts[0];
  }
  at(e, {"BUILD_STRING"});
  return builder_.emit(Opcode::BuildString, parts);
}

Instruction* FunctionLowerer::formatted_value(const Node& part) {
  Instruction* value = expression(*part.child("value"));
  std::vector<Instruction*> operands = {value};
  if (const Node* spec = part.child("format_spec")) operands.push_back(joined_string(*spec));
  at(part, {"FORMAT_VALUE"});
  Instruction* f = builder_.emit(Opcode::FormatValue, operands);
  f->index = part.integer("conversion");
  return f;
}

}  // namespace pyaot::frontend::lowering
