#include "ir/frame_sync.h"

#include <algorithm>
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
    // Where the ways into a block disagree on a dirty slot, a phi of the
    // slot's values (FrameHolds where the frame has it) keeps it a number
    // past the merge; then the states are found again, until no new phi is
    // wanted.
    while (true) {
      analyze();
      if (wanted_.empty()) break;
      std::vector<std::pair<BasicBlock*, std::int64_t>> wanted(wanted_.begin(), wanted_.end());
      std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.first->id, a.second) < std::make_pair(b.first->id, b.second);
      });
      for (const auto& [block, slot] : wanted) add_phi(block, slot);
      wanted_.clear();
      forced_.clear();
      exit_.clear();
    }
    fill_phis();
    for (const auto& block : f_.blocks) {
      bool unused = false;
      Slots slots = on_entry(block.get(), unused);
      for (const auto& i : block->instructions) step(*i, block.get(), slots, /*record=*/true);
    }
  }

 private:
  void analyze() {
    bool changed = true;
    while (changed) {
      changed = false;
      wanted_.clear();  // the last sweep's, made from the final states
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
  }

  // The numbers of one kind the ways into `block` hold for `slot` (what
  // a phi of them computes in), or None when they mix kinds.
  NumberKind merged_kind(const BasicBlock* block, std::int64_t slot) {
    NumberKind kind = NumberKind::None;
    for (const BasicBlock* pred : preds_[block]) {
      auto found = exit_[pred].find(slot);
      if (found == exit_[pred].end() || !found->second.value->unboxed_result()) continue;
      const NumberKind k = found->second.value->arithmetic;
      if (kind != NumberKind::None && k != kind) return NumberKind::None;
      kind = k;
    }
    return kind;
  }

  void add_phi(BasicBlock* block, std::int64_t slot) {
    Instruction* phi = insert_before(f_, block, 0, Opcode::Phi, {});
    phi->index = slot;
    phi->name = slot < static_cast<std::int64_t>(f_.local_names.size()) ? f_.local_names[slot] : "";
    phi->arithmetic = pending_kind_[{block, slot}];
    phi->type.repr = phi->arithmetic == NumberKind::Float ? Repr::F64 : Repr::I64;
    slot_phi_[{block, slot}] = phi;
    added_.push_back(phi);
  }

  // Each added phi's inputs: the slot's value at the end of each way in,
  // or FrameHolds where the frame has it.
  void fill_phis() {
    std::map<BasicBlock*, Instruction*> frame_holds;
    for (Instruction* phi : added_) {
      BasicBlock* block = nullptr;
      for (const auto& [key, p] : slot_phi_) {
        if (p == phi) block = const_cast<BasicBlock*>(key.first);
      }
      std::vector<BasicBlock*> preds;
      for (const BasicBlock* pred : preds_[block]) preds.push_back(const_cast<BasicBlock*>(pred));
      std::sort(preds.begin(), preds.end(),
                [](const BasicBlock* a, const BasicBlock* b) { return a->id < b->id; });
      for (BasicBlock* pred : preds) {
        auto found = exit_[pred].find(phi->index);
        Instruction* value = nullptr;
        if (found != exit_[pred].end()) {
          value = found->second.value;
        } else {
          Instruction*& holds = frame_holds[pred];
          if (holds == nullptr) {
            holds = insert_before(f_, pred, pred->instructions.size() - 1, Opcode::FrameHolds, {});
          }
          value = holds;
        }
        phi->operands.push_back(value);
        phi->targets.push_back(pred);
      }
    }
  }

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
      } else if (dirty && merged_kind(block, slot) != NumberKind::None) {
        pending_kind_[{block, slot}] = merged_kind(block, slot);
        wanted_.insert({const_cast<BasicBlock*>(block), slot});
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
  // Merges that want a phi of a slot's numbers (see run), of this kind.
  std::set<std::pair<BasicBlock*, std::int64_t>> wanted_;
  std::map<std::pair<const BasicBlock*, std::int64_t>, NumberKind> pending_kind_;
  std::vector<Instruction*> added_;
};

}  // namespace

bool syncs_on_generic_path(const Instruction& i) {
  if (i.op == Opcode::CheckEvalBreaker || i.op == Opcode::IterNext || i.op == Opcode::TraceLine) {
    return true;
  }
  // a[i] at a number: a list's or tuple's item is read inline; a global
  // from the site's cache while neither dict changed. Neither runs code.
  if (i.op == Opcode::GetItem && i.operands[1]->unboxed_result()) return true;
  // a[i] = v: a list's item at a small int stored inline when its old one
  // goes quietly (backend's lower_set_item).
  if (i.op == Opcode::SetItem) return true;
  if (i.op == Opcode::LoadGlobal) return true;
  // len(x) as a number: the builtin on an exact list, tuple, dict, set, str
  // or bytes is read inline.
  if (i.op == Opcode::Call && i.unboxed_result()) return true;
  return (i.op == Opcode::BinaryOp || i.op == Opcode::InplaceOp || i.op == Opcode::CompareBool) &&
         i.arithmetic != NumberKind::None;
}

void insert_frame_sync(Function& function) {
  if (function.promoted_slots.empty()) return;
  FrameSync(function).run();
}

}  // namespace pyaot::ir
