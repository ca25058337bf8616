#include "ir/frame_sync.h"

#include <map>
#include <set>

namespace pyaot::ir {
namespace {

// What frame-sync knows of a promoted slot at a point: its value, and
// whether the frame may lack it (a number stored unboxed since the last
// write-back). A slot absent from the map: unbound or unknown, and synced.
struct SlotState {
  Instruction* value = nullptr;
  bool dirty = false;
  bool operator==(const SlotState& o) const { return value == o.value && dirty == o.dirty; }
  bool operator!=(const SlotState& o) const { return !(*this == o); }
};
using Slots = std::map<std::int64_t, SlotState>;

class FrameSync {
 public:
  explicit FrameSync(Function& f)
      : f_(f), promoted_(f.promoted_slots.begin(), f.promoted_slots.end()) {}

  void run() {
    for (const auto& block : f_.blocks) {
      Instruction* term = block->terminator();
      if (term) {
        for (BasicBlock* target : term->targets) preds_[target].insert(block.get());
      }
      for (const auto& i : block->instructions) {
        if (i->op == Opcode::Phi && !i->name.empty() && promoted_.count(i->index)) {
          slot_phi_[{block.get(), i->index}] = i.get();
        }
      }
    }
    bool changed = true;
    while (changed) {
      changed = false;
      for (const auto& block : f_.blocks) {
        Slots slots = on_entry(block.get(), changed);
        for (const auto& i : block->instructions) step(*i, block.get(), slots, /*record=*/false);
        auto& out = exit_[block.get()];
        if (out != slots) {
          out = std::move(slots);
          changed = true;
        }
      }
    }
    for (const auto& block : f_.blocks) {
      bool unused = false;
      Slots slots = on_entry(block.get(), unused);
      for (const auto& i : block->instructions) step(*i, block.get(), slots, /*record=*/true);
    }
  }

 private:
  // A handler reloads from a written-back frame. Elsewhere a slot's value
  // on entry is its phi there, or the one value every way in agrees on;
  // where the ways in disagree and no phi names the value (the slot is
  // not bound on all of them), the dirty ones write it back before their
  // jump (`forced_`), and the slot is left to the frame.
  Slots on_entry(const BasicBlock* block, bool& changed) {
    Slots slots;
    auto preds = preds_.find(block);
    if (preds == preds_.end()) return slots;
    std::set<std::int64_t> seen;
    for (const BasicBlock* pred : preds->second) {
      for (const auto& [slot, state] : exit_[pred]) seen.insert(slot);
    }
    for (std::int64_t slot : seen) {
      auto phi = slot_phi_.find({block, slot});
      bool dirty = false, agree = true;
      Instruction* value = nullptr;
      for (const BasicBlock* pred : preds->second) {
        auto found = exit_[pred].find(slot);
        if (found == exit_[pred].end()) {
          agree = false;
          continue;
        }
        dirty |= found->second.dirty;
        if (value != nullptr && value != found->second.value) agree = false;
        value = found->second.value;
      }
      if (phi != slot_phi_.end()) {
        slots[slot] = {phi->second, dirty};
      } else if (agree) {
        slots[slot] = {value, dirty};
      } else if (dirty) {
        for (const BasicBlock* pred : preds->second) {
          auto found = exit_[pred].find(slot);
          if (found != exit_[pred].end() && found->second.dirty) {
            changed |= forced_[pred].insert(slot).second;
          }
        }
      }
    }
    return slots;
  }

  void step(Instruction& i, const BasicBlock* block, Slots& slots, bool record) {
    if (i.op == Opcode::StoreFast && promoted_.count(i.index)) {
      slots[i.index] = {i.operands[0], i.operands[0]->unboxed_result()};
      return;
    }
    if (i.op == Opcode::Phi || i.op == Opcode::LoadFast) {
      if (i.op == Opcode::LoadFast && promoted_.count(i.index)) slots[i.index] = {&i, false};
      return;
    }
    // Every dirty slot before an op that can run code or leave; only the
    // forced ones before a jump out of a block that must write them back.
    const bool writes_all = i.can_fail() || i.op == Opcode::Return;
    auto forced = i.is_terminator() ? forced_.find(block) : forced_.end();
    auto writes = [&](std::int64_t slot) {
      return writes_all || (forced != forced_.end() && forced->second.count(slot));
    };
    if (record) {
      i.sync_slots.clear();
      i.sync_values.clear();
      for (const auto& [slot, state] : slots) {
        if (!state.dirty || !writes(slot)) continue;
        i.sync_slots.push_back(slot);
        i.sync_values.push_back(state.value);
      }
    }
    if (syncs_on_generic_path(i)) return;
    for (auto& [slot, state] : slots) {
      if (writes(slot)) state.dirty = false;
    }
  }

  Function& f_;
  std::set<std::int64_t> promoted_;
  std::map<const BasicBlock*, std::set<const BasicBlock*>> preds_;
  std::map<std::pair<const BasicBlock*, std::int64_t>, Instruction*> slot_phi_;
  std::map<const BasicBlock*, Slots> exit_;
  // Blocks whose jump writes these slots back first (see on_entry).
  std::map<const BasicBlock*, std::set<std::int64_t>> forced_;
};

}  // namespace

bool syncs_on_generic_path(const Instruction& i) {
  if (i.op == Opcode::CheckEvalBreaker || i.op == Opcode::IterNext || i.op == Opcode::TraceLine) {
    return true;
  }
  return (i.op == Opcode::BinaryOp || i.op == Opcode::InplaceOp || i.op == Opcode::CompareBool) &&
         i.arithmetic != NumberKind::None;
}

void insert_frame_sync(Function& function) {
  if (function.promoted_slots.empty()) return;
  FrameSync(function).run();
}

}  // namespace pyaot::ir
