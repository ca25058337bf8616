// Instruction positions, for lowering (lowering.h): which CPython
// instruction of a code object stands for an AST node. In: a code object's
// instructions (python_parser.h). Out: the instruction for a node's source
// range and opname, or for a place in code order.
#pragma once

#include <initializer_list>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "frontend/ast.h"
#include "frontend/python_parser.h"

namespace pyaot::frontend::lowering {

using Range = std::tuple<int, int, int, int>;  // line, column, end line, end column

inline Range range_of(const ast::Node& node) {
  return {node.range.line, node.range.column, node.range.end_line, node.range.end_column};
}

// Finds the CPython instruction that stands for an AST node: CPython gives
// an instruction the position of the node it compiles, so (range, opname)
// identifies it. Repeated matches are handed out in order, which is the
// order both compilers evaluate a node's parts in.
class InstructionIndex {
 public:
  explicit InstructionIndex(const CodeObjectInfo& code);

  // The LOAD_CONST at exactly the node's position whose constant satisfies
  // `accept` (its index): CPython can give other constants the same
  // position (the `e = None` that ends an except clause, an implicit return).
  template <typename Accept>
  const BytecodeInstruction* find_constant(const ast::Node& node, Accept&& accept) {
    auto found = by_range_.find(range_of(node));
    if (found == by_range_.end()) return nullptr;
    for (const BytecodeInstruction* i : found->second) {
      if (i->opname == "LOAD_CONST" && accept(i->arg)) return i;
    }
    return nullptr;
  }

  // The first instruction named `opname` after code unit `offset`.
  const BytecodeInstruction* next_after(int offset, std::string_view opname) const;

  // The instruction before the one at `offset`.
  const BytecodeInstruction* before(int offset) const;

  // The instruction at code unit `offset`, or nullptr.
  const BytecodeInstruction* at_offset(int offset) const;

  // The first backward jump (where the interpreter checks for signals and
  // waiting threads) at or after code unit `offset`.
  const BytecodeInstruction* backward_jump_from(int offset) const;
  static bool is_backward_jump(const BytecodeInstruction& i);

  // The instruction with exactly the node's position and one of `opnames`.
  const BytecodeInstruction* find(const ast::Node& node,
                                  std::initializer_list<std::string_view> opnames);

  // The instruction with exactly this position and one of `opnames`.
  const BytecodeInstruction* find_at(const Range& range,
                                     std::initializer_list<std::string_view> opnames);

  // As find, or else one that ends where the node ends: CPython moves an
  // attribute load's start to the attribute's own line. Only for loads of
  // attributes and methods, where nothing else ends there.
  const BytecodeInstruction* find_attribute_load(const ast::Node& node,
                                                 std::initializer_list<std::string_view> opnames);

 private:
  static bool matches(const BytecodeInstruction& i,
                      std::initializer_list<std::string_view> opnames);

  const BytecodeInstruction* take(const Range& range,
                                  std::initializer_list<std::string_view> opnames);

  std::map<Range, std::vector<const BytecodeInstruction*>> by_range_;
  std::map<int, const BytecodeInstruction*> by_offset_;
  std::set<const BytecodeInstruction*> used_;
};

}  // namespace pyaot::frontend::lowering
