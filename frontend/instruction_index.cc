#include "frontend/instruction_index.h"

#include <iterator>

namespace pyaot::frontend::lowering {

InstructionIndex::InstructionIndex(const CodeObjectInfo& code) {
  for (const BytecodeInstruction& i : code.instructions) {
    by_range_[{i.line, i.column, i.end_line, i.end_column}].push_back(&i);
    by_offset_[i.offset] = &i;
  }
}

const BytecodeInstruction* InstructionIndex::next_after(int offset,
                                                        std::string_view opname) const {
  for (auto it = by_offset_.upper_bound(offset); it != by_offset_.end(); ++it) {
    if (it->second->opname == opname) return it->second;
  }
  return nullptr;
}

const BytecodeInstruction* InstructionIndex::before(int offset) const {
  auto found = by_offset_.find(offset);
  if (found == by_offset_.end() || found == by_offset_.begin()) return nullptr;
  return std::prev(found)->second;
}

const BytecodeInstruction* InstructionIndex::at_offset(int offset) const {
  auto found = by_offset_.find(offset);
  return found == by_offset_.end() ? nullptr : found->second;
}

bool InstructionIndex::is_backward_jump(const BytecodeInstruction& i) {
  // JUMP_BACKWARD_NO_INTERRUPT (yield from, await) checks nothing.
  return i.opname == "JUMP_BACKWARD" || i.opname.rfind("POP_JUMP_BACKWARD_IF_", 0) == 0;
}

const BytecodeInstruction* InstructionIndex::backward_jump_from(int offset) const {
  for (auto it = by_offset_.lower_bound(offset); it != by_offset_.end(); ++it) {
    if (is_backward_jump(*it->second)) return it->second;
  }
  return nullptr;
}

const BytecodeInstruction* InstructionIndex::find(
    const ast::Node& node, std::initializer_list<std::string_view> opnames) {
  return take(range_of(node), opnames);
}

const BytecodeInstruction* InstructionIndex::find_at(
    const Range& range, std::initializer_list<std::string_view> opnames) {
  return take(range, opnames);
}

const BytecodeInstruction* InstructionIndex::find_attribute_load(
    const ast::Node& node, std::initializer_list<std::string_view> opnames) {
  if (const BytecodeInstruction* i = take(range_of(node), opnames)) return i;
  for (auto& [range, list] : by_range_) {
    if (std::get<2>(range) != node.range.end_line ||
        std::get<3>(range) != node.range.end_column)
      continue;
    for (const BytecodeInstruction* i : list)
      if (matches(*i, opnames)) return i;
  }
  return nullptr;
}

bool InstructionIndex::matches(const BytecodeInstruction& i,
                               std::initializer_list<std::string_view> opnames) {
  for (std::string_view name : opnames) {
    if (name == "*" || i.opname == name) return true;
  }
  return false;
}

const BytecodeInstruction* InstructionIndex::take(
    const Range& range, std::initializer_list<std::string_view> opnames) {
  auto found = by_range_.find(range);
  if (found == by_range_.end()) return nullptr;
  const BytecodeInstruction* last = nullptr;
  for (const BytecodeInstruction* i : found->second) {
    if (!matches(*i, opnames)) continue;
    last = i;
    if (!used_.count(i)) {
      used_.insert(i);
      return i;
    }
  }
  return last;  // duplicated code (a while test is compiled twice): same position
}

}  // namespace pyaot::frontend::lowering
