#include "ir/parser.h"

#include <cctype>
#include <map>

#include "ir/printer.h"
#include "ir/text_syntax.h"

namespace pyaot::ir {
namespace {

using text::Immediate;

struct ParseError {
  int line;
  int column;  // 1-based
  std::string message;
};

// One line of input and a position in it.
class Cursor {
 public:
  Cursor(std::string_view line, int line_number) : line_(line), line_number_(line_number) {}

  int line_number() const { return line_number_; }
  int column() const { return static_cast<int>(pos_) + 1; }
  [[noreturn]] void fail(const std::string& message) const { fail_at(column(), message); }
  [[noreturn]] void fail_at(int column, const std::string& message) const {
    throw ParseError{line_number_, column, message};
  }

  void skip_spaces() {
    while (pos_ < line_.size() && (line_[pos_] == ' ' || line_[pos_] == '\t')) ++pos_;
  }
  bool at_end() {
    skip_spaces();
    return pos_ >= line_.size();
  }
  std::string_view rest() const { return line_.substr(pos_); }
  // Consumes `literal` if the input continues with it (after spaces).
  bool take(std::string_view literal) {
    skip_spaces();
    if (rest().substr(0, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }
  void expect(std::string_view literal, std::string_view what) {
    if (!take(literal)) fail("expected " + std::string(what) + ", not " + shown_rest());
  }
  // The next run of characters up to a space or comma.
  std::string_view word() {
    skip_spaces();
    size_t start = pos_;
    while (pos_ < line_.size() && line_[pos_] != ' ' && line_[pos_] != ',' && line_[pos_] != '\t')
      ++pos_;
    return line_.substr(start, pos_ - start);
  }
  bool next_is_digit() {
    skip_spaces();
    return pos_ < line_.size() && std::isdigit(static_cast<unsigned char>(line_[pos_]));
  }
  // `prefix` followed by a digit: a value (r3) or block (bb3) reference.
  bool next_is_numbered(std::string_view prefix) {
    skip_spaces();
    return rest().substr(0, prefix.size()) == prefix && pos_ + prefix.size() < line_.size() &&
           std::isdigit(static_cast<unsigned char>(line_[pos_ + prefix.size()]));
  }
  std::int64_t integer(std::string_view what) {
    skip_spaces();
    size_t start = pos_;
    if (pos_ < line_.size() && line_[pos_] == '-') ++pos_;
    size_t digits = pos_;
    while (pos_ < line_.size() && std::isdigit(static_cast<unsigned char>(line_[pos_]))) ++pos_;
    if (pos_ == digits || pos_ - digits > 18) {
      pos_ = start;
      fail("expected " + std::string(what) + ", not " + shown_rest());
    }
    return std::stoll(std::string(line_.substr(start, pos_ - start)));
  }
  // A name as print_name writes it: bare, or quoted with C escapes.
  std::string name(std::string_view what) {
    skip_spaces();
    if (pos_ < line_.size() && line_[pos_] == '"') return quoted();
    size_t start = pos_;
    while (pos_ < line_.size() && text::is_bare_name(line_.substr(pos_, 1))) ++pos_;
    if (pos_ == start) fail("expected " + std::string(what) + ", not " + shown_rest());
    return std::string(line_.substr(start, pos_ - start));
  }
  std::string shown_rest() {
    skip_spaces();
    if (pos_ >= line_.size()) return "the end of the line";
    std::string_view shown = rest().substr(0, rest().find(' '));
    return "'" + std::string(shown) + "'";
  }

 private:
  std::string quoted() {
    int start = column();
    ++pos_;
    std::string out;
    while (pos_ < line_.size() && line_[pos_] != '"') {
      char c = line_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= line_.size()) break;
      char escaped = line_[pos_++];
      if (escaped == 'x') {
        if (pos_ + 2 > line_.size() || !std::isxdigit(static_cast<unsigned char>(line_[pos_])) ||
            !std::isxdigit(static_cast<unsigned char>(line_[pos_ + 1]))) {
          fail("expected two hex digits after \\x");
        }
        out += static_cast<char>(std::stoi(std::string(line_.substr(pos_, 2)), nullptr, 16));
        pos_ += 2;
      } else {
        out += escaped;
      }
    }
    if (pos_ >= line_.size()) fail_at(start, "unterminated quoted name");
    ++pos_;
    return out;
  }

  std::string_view line_;
  int line_number_;
  size_t pos_ = 0;
};

// A use of a value before all values are known (phis read values defined
// further down, blocks appear in any order).
struct ValueUse {
  std::vector<Instruction*>* list;
  size_t index;
  int id;
  int line;
  int column;
};

class FunctionParser {
 public:
  explicit FunctionParser(Cursor& header) : function_(std::make_unique<Function>()) {
    def_line_ = header.line_number();
    header.expect("def", "'def'");
    header.skip_spaces();
    std::string_view rest = header.rest();
    size_t comment = rest.find("  # ");
    size_t colon = rest.rfind(':');
    if (comment == std::string_view::npos || colon == std::string_view::npos || colon < comment) {
      header.fail("expected 'def MODULE.QUALNAME  # FILENAME:LINE'");
    }
    full_name_ = std::string(rest.substr(0, comment));
    function_->filename = std::string(rest.substr(comment + 4, colon - comment - 4));
    Cursor line_number(rest.substr(colon + 1), header.line_number());
    function_->first_line = static_cast<int>(line_number.integer("the first line"));
    if (!line_number.at_end()) line_number.fail("unexpected " + line_number.shown_rest());
  }

  // A line indented under the function: a header comment or an instruction.
  void indented_line(Cursor& c) {
    if (c.take("#")) {
      header_line(c);
    } else {
      if (!block_) c.fail("an instruction before the first block label");
      instruction(c);
    }
  }

  void label(Cursor& c) {
    int column = c.column();
    int id = block_id(c);
    c.expect(":", "':' after a block label");
    if (!c.at_end()) c.fail("unexpected " + c.shown_rest() + " after a block label");
    auto& slot = blocks_[id];
    if (slot.defined) c.fail_at(column, "bb" + std::to_string(id) + " is defined twice");
    slot.defined = true;
    if (!slot.block) slot.block = std::make_unique<BasicBlock>();
    slot.block->id = id;
    block_ = slot.block.get();
    order_.push_back(id);
  }

  std::unique_ptr<Function> finish() {
    Function& f = *function_;
    std::string prefix = f.module.empty() ? "" : f.module + ".";
    if (full_name_.compare(0, prefix.size(), prefix) != 0 || full_name_.size() == prefix.size()) {
      throw ParseError{def_line_, 5, "the name does not start with its module '" + prefix + "'"};
    }
    f.qualname = full_name_.substr(prefix.size());
    if (order_.empty()) throw ParseError{def_line_, 1, "the function has no blocks"};
    for (auto& [id, slot] : blocks_) {
      if (!slot.defined) {
        throw ParseError{slot.first_use_line, slot.first_use_column,
                         "undefined block bb" + std::to_string(id)};
      }
    }
    for (int id : order_) f.blocks.push_back(std::move(blocks_[id].block));
    for (const ValueUse& use : uses_) {
      auto found = values_.find(use.id);
      if (found == values_.end()) {
        throw ParseError{use.line, use.column, "undefined value r" + std::to_string(use.id)};
      }
      (*use.list)[use.index] = found->second;
    }
    f.next_value_id = values_.empty() ? 0 : values_.rbegin()->first + 1;
    return std::move(function_);
  }

 private:
  struct BlockSlot {
    std::unique_ptr<BasicBlock> block;
    bool defined = false;
    int first_use_line = 0;
    int first_use_column = 0;
  };

  void header_line(Cursor& c) {
    if (block_) c.fail("a function header line after the first block");
    Function& f = *function_;
    if (c.take("module:")) {
      f.module = c.name("a module name");
    } else if (c.take("generator:")) {
      f.is_generator = true;
      f.suspend_slots = static_cast<int>(c.integer("the number of frame stack slots"));
      c.expect("frame stack slots", "'frame stack slots'");
    } else if (c.take("async generator")) {
      f.is_async_generator = true;
    } else if (c.take("runs once")) {
      f.runs_once = true;
    } else if (c.take("compiled fast")) {
      f.compiled_fast = true;
    } else if (c.take("arguments:")) {
      f.argument_slots = static_cast<int>(c.integer("the number of argument slots"));
    } else if (c.take("promoted:")) {
      while (!c.at_end()) f.promoted_slots.push_back(c.integer("a slot number"));
    } else if (c.take("locals:")) {
      while (!c.at_end()) {
        int column = c.column();
        if (c.integer("a slot number") != static_cast<std::int64_t>(f.local_names.size())) {
          c.fail_at(column, "locals are listed in slot order, from 0");
        }
        c.expect("=", "'=' after a slot number");
        f.local_names.push_back(c.name("a local's name"));
      }
    } else {
      c.fail("unknown function header " + c.shown_rest());
    }
    if (!c.at_end()) c.fail("unexpected " + c.shown_rest());
  }

  int block_id(Cursor& c) {
    if (!c.next_is_numbered("bb")) c.fail("expected a block (bbN), not " + c.shown_rest());
    c.take("bb");
    return static_cast<int>(c.integer("a block number"));
  }

  BasicBlock* block_ref(Cursor& c) {
    int column = (c.skip_spaces(), c.column());
    int id = block_id(c);
    BlockSlot& slot = blocks_[id];
    if (!slot.block) {
      slot.block = std::make_unique<BasicBlock>();
      slot.block->id = id;
      slot.first_use_line = c.line_number();
      slot.first_use_column = column;
    }
    return slot.block.get();
  }

  // Appends a use of value rN to `list`, resolved when the function ends.
  void value_ref(Cursor& c, std::vector<Instruction*>& list) {
    if (!c.next_is_numbered("r")) c.fail("expected a value (rN), not " + c.shown_rest());
    int column = c.column();
    c.take("r");
    int id = static_cast<int>(c.integer("a value number"));
    uses_.push_back({&list, list.size(), id, c.line_number(), column});
    list.push_back(nullptr);
  }

  void value_list(Cursor& c, std::vector<Instruction*>& list) {
    do {
      value_ref(c, list);
    } while (c.take(","));
  }

  template <typename Kind, size_t N>
  std::int64_t symbol(Cursor& c, std::string_view (*symbol_of)(Kind), std::string_view suffix) {
    int column = (c.skip_spaces(), c.column());
    std::string_view word = c.word();
    for (size_t k = 0; k < N; ++k) {
      if (std::string(symbol_of(static_cast<Kind>(k))) + std::string(suffix) == word) {
        return static_cast<std::int64_t>(k);
      }
    }
    c.fail_at(column, "unknown operator '" + std::string(word) + "'");
  }

  void immediates(Cursor& c, Instruction& i) {
    switch (text::immediate_syntax(i.op)) {
      case Immediate::None:
        break;
      case Immediate::ConstIndex:
        c.expect("#", "a constant index (#N)");
        i.index = c.integer("a constant index");
        break;
      case Immediate::NamedIndex:
        i.name = c.name("a name");
        c.expect("[", "'[' and the name's index");
        i.index = c.integer("the name's index");
        c.expect("]", "']'");
        break;
      case Immediate::Name:
        i.name = c.name("a name");
        break;
      case Immediate::Truth:
        if (c.take("true")) i.index = 1;
        else c.take("false");
        break;
      case Immediate::Binary:
        i.index = symbol<BinaryKind, 13>(c, binary_symbol, "");
        break;
      case Immediate::Inplace:
        i.index = symbol<BinaryKind, 13>(c, binary_symbol, "=");
        break;
      case Immediate::Unary:
        i.index = symbol<UnaryKind, 3>(c, unary_symbol, "");
        break;
      case Immediate::Comparison:
        i.index = symbol<CompareKind, 6>(c, compare_symbol, "");
        break;
      case Immediate::Keyed: {
        std::string_view key = text::immediate_key(i.op);
        c.expect(key, "'" + std::string(key) + "'");
        i.index = c.integer("a number");
        break;
      }
      case Immediate::ClosureSlot:
        c.expect("slot", "'slot'");
        i.index = c.integer("a slot");
        break;
      case Immediate::UnpackCounts:
        i.index = c.integer("a count");
        if (c.take("*")) i.slots = {c.integer("a count")};
        break;
      case Immediate::SuspendState:
        if (c.take("state")) i.index = c.integer("a resume state");
        break;
      case Immediate::TargetSlots:
        c.expect("->", "'->' and the target slots");
        while (c.next_is_digit()) i.slots.push_back(c.integer("a slot"));
        i.index = static_cast<std::int64_t>(i.slots.size());
        break;
    }
    // What the op's own form does not show (printer.cc, other_immediates).
    for (;;) {
      if (c.take("index=")) {
        i.index = c.integer("an index");
      } else if (c.take("name=")) {
        i.name = c.name("a name");
      } else if (c.take("slots=")) {
        i.slots.clear();
        do {
          i.slots.push_back(c.integer("a slot"));
        } while (c.take(","));
      } else if (c.take("(bound)")) {
        i.known_bound = true;
      } else if (c.take("(borrowed)")) {
        i.borrowed_local = true;
      } else if (c.take("(as")) {
        int column = (c.skip_spaces(), c.column());
        std::string_view name = c.word();
        if (!name.empty() && name.back() == ')') name.remove_suffix(1);
        auto number = number_kind_named(name);
        if (!number) c.fail_at(column, "unknown number kind '" + std::string(name) + "'");
        i.arithmetic = *number;
      } else {
        break;
      }
    }
  }

  void operands(Cursor& c, Instruction& i) {
    if (!c.next_is_numbered("r") && !c.next_is_numbered("bb")) return;
    do {
      if (c.next_is_numbered("bb")) {
        i.targets.push_back(block_ref(c));
      } else if (c.next_is_numbered("r")) {
        value_ref(c, i.operands);
        if (i.op == Opcode::Phi) {
          c.expect("from", "'from bbN' after a phi's incoming value");
          i.targets.push_back(block_ref(c));
        }
      } else {
        c.fail("expected a value (rN) or a block (bbN) after ',', not " + c.shown_rest());
      }
    } while (c.take(","));
  }

  void trailer(Cursor& c, Instruction& i) {
    for (;;) {
      if (c.at_end()) return;
      if (c.take("kwnames=#")) {
        i.kwnames = c.integer("a constant index");
      } else if (c.take("unwind")) {
        i.unwind = block_ref(c);
      } else if (c.take("[on error release")) {
        value_list(c, i.error_cleanup);
        c.expect("]", "']'");
      } else if (c.take("[saved across")) {
        value_list(c, i.live_across);
        c.expect("]", "']'");
      } else if (c.take("[sync")) {
        while (!c.take("]")) {
          i.sync_slots.push_back(c.integer("a slot number"));
          c.expect(":", "':' after the slot");
          value_ref(c, i.sync_values);
        }
      } else if (c.take(";")) {
        c.expect("line", "'line'");
        i.line = static_cast<int>(c.integer("a line number"));
        if (c.take("@")) i.bytecode_offset = static_cast<int>(c.integer("a bytecode offset"));
        if (!c.at_end()) c.fail("unexpected " + c.shown_rest() + " after the position");
        return;
      } else {
        c.fail("expected an operand (rN), a block (bbN) or the end of the instruction, not " +
               c.shown_rest());
      }
    }
  }

  void instruction(Cursor& c) {
    auto owned = std::make_unique<Instruction>();
    Instruction& i = *owned;
    int result_column = 0;
    int representation_column = 0;  // where an explicit representation was read
    if (c.next_is_numbered("r")) {
      result_column = c.column();
      c.take("r");
      i.id = static_cast<int>(c.integer("a value number"));
      std::string_view unboxed;  // "/f64" or "/i64": the result stays a number
      int unboxed_column = 0;
      if (c.take(":")) {
        int column = c.column();
        std::string_view type = c.word();
        if (size_t slash = type.find('/'); slash != std::string_view::npos) {
          unboxed = type.substr(slash + 1);
          unboxed_column = column + static_cast<int>(slash) + 1;
          type = type.substr(0, slash);
        }
        auto kind = type_named(type);
        if (!kind) c.fail_at(column, "unknown type '" + std::string(type) + "'");
        i.type.kind = *kind;
      } else if (c.take("/")) {
        unboxed_column = c.column();
        unboxed = c.word();
      }
      if (!unboxed.empty()) {
        auto repr = repr_named(unboxed);
        if (!repr) c.fail_at(unboxed_column, "unknown representation '" + std::string(unboxed) + "'");
        i.type.repr = *repr;
        representation_column = unboxed_column;
      }
      c.expect("=", "'=' after the value's name");
    }
    int op_column = (c.skip_spaces(), c.column());
    std::string_view op_name = c.word();
    auto op = opcode_named(op_name);
    if (!op) c.fail_at(op_column, "unknown op '" + std::string(op_name) + "'");
    i.op = *op;
    if (representation_column == 0) i.type.repr = i.natural_repr();
    if (i.has_result() && i.id < 0) {
      c.fail_at(op_column, std::string(op_name) + " gives a value: write 'rN = " +
                               std::string(op_name) + " ...'");
    }
    if (!i.has_result() && i.id >= 0) {
      c.fail_at(result_column, std::string(op_name) + " gives no value");
    }
    if (i.id >= 0 && !values_.emplace(i.id, &i).second) {
      c.fail_at(result_column, "r" + std::to_string(i.id) + " is defined twice");
    }
    immediates(c, i);
    operands(c, i);
    trailer(c, i);
    block_->instructions.push_back(std::move(owned));
  }

  std::unique_ptr<Function> function_;
  int def_line_ = 0;
  std::string full_name_;
  std::map<int, BlockSlot> blocks_;
  std::vector<int> order_;  // labels as they appear
  BasicBlock* block_ = nullptr;
  std::map<int, Instruction*> values_;
  std::vector<ValueUse> uses_;
};

}  // namespace

std::optional<std::vector<TextEntry>> parse_ir(std::string_view text, std::string_view filename,
                                               std::string* error) {
  std::vector<TextEntry> entries;
  std::unique_ptr<FunctionParser> function;
  auto finish_function = [&] {
    if (function) entries.push_back({function->finish(), ""});
    function.reset();
  };
  try {
    int line_number = 0;
    size_t start = 0;
    bool previous_was_comment = false;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      start = end + 1;
      Cursor c(line, ++line_number);
      bool continues_comment = previous_was_comment;
      previous_was_comment = false;
      if (c.at_end()) continue;
      if (line[0] == '#') {
        finish_function();
        if (continues_comment) {
          entries.back().comment += "\n" + std::string(line);
        } else {
          entries.push_back({nullptr, std::string(line)});
        }
        previous_was_comment = true;
      } else if (line.substr(0, 4) == "def ") {
        finish_function();
        function = std::make_unique<FunctionParser>(c);
      } else if (!function) {
        c.fail("expected 'def' or a comment");
      } else if (line[0] == ' ' || line[0] == '\t') {
        function->indented_line(c);
      } else {
        function->label(c);
      }
    }
    finish_function();
  } catch (const ParseError& e) {
    *error = std::string(filename) + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) +
             ": error: " + e.message;
    return std::nullopt;
  }
  return entries;
}

std::string print_entries(const std::vector<TextEntry>& entries) {
  std::string out;
  for (const TextEntry& entry : entries) {
    out += (entry.function ? print_function(*entry.function) : entry.comment + "\n") + "\n";
  }
  return out;
}

}  // namespace pyaot::ir
