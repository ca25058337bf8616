#include "ir/infer_types.h"

#include <algorithm>
#include <map>
#include <vector>

#include "ir/type_rules.h"

namespace pyaot::ir {
namespace {

using SlotKinds = std::vector<TypeKind>;

class TypeInference {
 public:
  explicit TypeInference(Function& f) : f_(f) {}

  void run() {
    size_t slot_count = f_.local_names.size();
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        for (std::int64_t s : slots_written(*i)) {
          slot_count = std::max(slot_count, static_cast<size_t>(s) + 1);
        }
        if (i->op == Opcode::LoadFast) {
          slot_count = std::max(slot_count, static_cast<size_t>(i->index) + 1);
        }
        if (i->has_result() && i->op != Opcode::LoadConst) i->type.kind = TypeKind::Bottom;
      }
    }
    SlotKinds entry(slot_count, TypeKind::Bottom);
    for (int s = 0; s < f_.argument_slots && static_cast<size_t>(s) < slot_count; ++s) {
      entry[s] = TypeKind::Object;
    }
    slots_in_[f_.blocks[0].get()] = entry;
    bool changed = true;
    while (changed) {
      changed = false;
      for (const auto& block : f_.blocks) {
        auto found = slots_in_.find(block.get());
        if (found == slots_in_.end()) continue;
        SlotKinds slots = found->second;
        for (const auto& i : block->instructions) {
          if (i->unwind) changed |= meet(i->unwind, slots);
          if (i->has_result()) {
            const TypeKind kind = kind_of(*i, slots);
            if (kind != i->type.kind) {
              i->type.kind = kind;
              changed = true;
            }
          }
          update_slots(*i, slots);
          if (i->is_terminator()) {
            for (const BasicBlock* target : i->targets) changed |= meet(target, slots);
          }
        }
      }
    }
  }

 private:
  static std::vector<std::int64_t> slots_written(const Instruction& i) {
    if (i.op == Opcode::StoreFast || i.op == Opcode::DeleteFast) return {i.index};
    if (i.op == Opcode::UnpackSequence) return i.slots;
    return {};
  }

  static TypeKind kind_of(const Instruction& i, const SlotKinds& slots) {
    switch (i.op) {
      case Opcode::LoadFast:
        return slots[i.index];
      case Opcode::Phi: {
        TypeKind kind = TypeKind::Bottom;
        for (const Instruction* v : i.operands) kind = join(kind, v->type.kind);
        return kind;
      }
      default:
        return result_kind(i);
    }
  }

  static void update_slots(const Instruction& i, SlotKinds& slots) {
    switch (i.op) {
      case Opcode::StoreFast:
        slots[i.index] = i.operands[0]->type.kind;
        break;
      case Opcode::DeleteFast:
        slots[i.index] = TypeKind::Bottom;
        break;
      case Opcode::UnpackSequence:
        for (std::int64_t s : i.slots) slots[s] = TypeKind::Object;
        break;
      default:
        break;
    }
  }

  // Joins `incoming` into the slot kinds on entry to `block`.
  bool meet(const BasicBlock* block, const SlotKinds& incoming) {
    auto found = slots_in_.find(block);
    if (found == slots_in_.end()) {
      slots_in_[block] = incoming;
      return true;
    }
    bool changed = false;
    for (size_t s = 0; s < incoming.size(); ++s) {
      const TypeKind merged = join(found->second[s], incoming[s]);
      if (merged != found->second[s]) {
        found->second[s] = merged;
        changed = true;
      }
    }
    return changed;
  }

  Function& f_;
  std::map<const BasicBlock*, SlotKinds> slots_in_;
};

}  // namespace

void infer_types(Function& function) {
  if (function.blocks.empty()) return;
  TypeInference(function).run();
}

TypeSummary summarize_types(const Function& function) {
  TypeSummary summary;
  for (const auto& block : function.blocks) {
    for (const auto& i : block->instructions) {
      if (!i->has_result()) continue;
      ++summary.values;
      summary.typed += i->type.kind != TypeKind::Object && i->type.kind != TypeKind::Bottom;
      summary.unboxed += i->type.repr != i->natural_repr();
    }
  }
  return summary;
}

}  // namespace pyaot::ir
