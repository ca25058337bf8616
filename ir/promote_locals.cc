#include "ir/promote_locals.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "ir/bound_locals.h"
#include "ir/infer_types.h"
#include "ir/simplify.h"

namespace pyaot::ir {
namespace {

bool touches_cell(Opcode op) {
  return op == Opcode::LoadDeref || op == Opcode::StoreDeref || op == Opcode::DeleteDeref ||
         op == Opcode::LoadClosure || op == Opcode::LoadClassDeref;
}

// `s += t` where s may be a str: the runtime grows it in place when only
// its slot holds it (runtime_shim/native_ops_numbers.c), which a promoted
// value's own reference would prevent.
bool grows_str_in_place(const Instruction& i) {
  return i.op == Opcode::InplaceOp && static_cast<BinaryKind>(i.index) == BinaryKind::Add &&
         i.operands[0]->op == Opcode::LoadFast && !is_real_number(i.operands[0]->type.kind);
}

// The slots whose every write is a StoreFast or an unpack and every load is
// bound. A slot `+=` may grow as a str qualifies when it is seeded with
// numbers and never with a str: an accumulator (`total = 0.0`, `total +=
// x`), where a str would be odd code, slower (not grown in place) but still
// right.
std::set<std::int64_t> qualifying_slots(const Function& f) {
  std::set<std::int64_t> loaded, excluded, seeded_with_numbers, seeded_with_strs;
  for (const auto& block : f.blocks) {
    for (const auto& i : block->instructions) {
      if (i->op != Opcode::StoreFast) continue;
      const TypeKind stored = i->operands[0]->type.kind;
      if (is_real_number(stored)) seeded_with_numbers.insert(i->index);
      if (stored == TypeKind::Str) seeded_with_strs.insert(i->index);
    }
  }
  for (const auto& block : f.blocks) {
    for (const auto& i : block->instructions) {
      if (i->op == Opcode::LoadFast) {
        (i->known_bound ? loaded : excluded).insert(i->index);
      } else if (i->op == Opcode::DeleteFast || touches_cell(i->op)) {
        excluded.insert(i->index);
      } else if (grows_str_in_place(*i)) {
        const std::int64_t slot = i->operands[0]->index;
        if (!seeded_with_numbers.count(slot) || seeded_with_strs.count(slot)) excluded.insert(slot);
      }
    }
  }
  std::set<std::int64_t> out;
  for (std::int64_t s : loaded) {
    if (!excluded.count(s) && s >= 0 && static_cast<size_t>(s) < f.local_names.size()) out.insert(s);
  }
  return out;
}

class Promoter {
 public:
  Promoter(Function& f, std::set<std::int64_t> slots) : f_(f), slots_(std::move(slots)) {}

  bool run() {
    for (const auto& block : f_.blocks) {
      Instruction* term = block->terminator();
      if (term) {
        for (BasicBlock* target : term->targets) {
          std::vector<BasicBlock*>& preds = jump_preds_[target];
          if (std::find(preds.begin(), preds.end(), block.get()) == preds.end()) {
            preds.push_back(block.get());
          }
        }
      }
      for (const auto& i : block->instructions) {
        if (i->unwind) handlers_.insert(i->unwind);
      }
    }
    // Values flow along jumps only; a handler reached by a jump too would
    // need both, and an entry block with predecessors a phi before the start.
    if (jump_preds_.count(f_.blocks[0].get())) return false;
    for (const BasicBlock* h : handlers_) {
      if (jump_preds_.count(h)) return false;
    }
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (i->op == Opcode::StoreFast && slots_.count(i->index)) {
          last_store_[{block.get(), i->index}] = i->operands[0];
        }
        for (std::int64_t slot : unpacked_slots(*i)) {
          last_store_[{block.get(), slot}] = unpacked(block.get(), i.get(), slot);
        }
      }
    }
    // Each load's value: the store before it in its block, or what reaches
    // the block.
    for (const auto& block : f_.blocks) {
      std::map<std::int64_t, Instruction*> current;
      for (const auto& i : block->instructions) {
        for (std::int64_t slot : unpacked_slots(*i)) current[slot] = unpacked(block.get(), i.get(), slot);
        if (i->op == Opcode::StoreFast && slots_.count(i->index)) {
          current[i->index] = i->operands[0];
        } else if (i->op == Opcode::LoadFast && slots_.count(i->index)) {
          auto found = current.find(i->index);
          Instruction* v = found != current.end() ? found->second : at_entry(block.get(), i->index);
          if (v == nullptr) return false;  // unbound on a path: cannot be (bound loads)
          replacement_[i.get()] = v;
        }
      }
    }
    // The value of each slot on entry to every block where it is bound on
    // every way in, so frame-sync can name what the frame must get back
    // (unbox-locals drops the phis nobody needs).
    // In block order: the values made here are numbered as they come.
    const auto bound = bound_on_entry(f_);  // ir/bound_locals.h
    for (const auto& block : f_.blocks) {
      auto found = bound.find(block.get());
      if (found == bound.end()) continue;
      for (std::int64_t s : found->second) {
        if (slots_.count(s)) at_entry(block.get(), s);
      }
    }
    for (auto& [phi, home] : phis_) {
      for (Instruction* v : phi->operands) {
        if (v == nullptr) return false;
      }
    }
    commit();
    return true;
  }

 private:
  // The slot's value at the end of `block`.
  Instruction* at_end(BasicBlock* block, std::int64_t slot) {
    auto found = last_store_.find({block, slot});
    return found != last_store_.end() ? found->second : at_entry(block, slot);
  }

  // The slot's value on entry to `block`: a reload from the frame in a
  // handler or (for an argument) the entry block; the one value all
  // predecessors agree on; or a phi.
  Instruction* at_entry(BasicBlock* block, std::int64_t slot) {
    auto key = std::make_pair(block, slot);
    auto found = entry_value_.find(key);
    if (found != entry_value_.end()) return found->second;
    if (handlers_.count(block) || block == f_.blocks[0].get()) {
      Instruction* v = nullptr;
      if (handlers_.count(block) || slot < f_.argument_slots) v = reload(block, slot);
      entry_value_[key] = v;
      return v;
    }
    const std::vector<BasicBlock*>& preds = jump_preds_[block];
    if (preds.size() == 1) {
      Instruction* v = at_end(preds[0], slot);
      entry_value_[key] = v;
      return v;
    }
    auto phi = std::make_unique<Instruction>();
    phi->op = Opcode::Phi;
    phi->index = slot;
    phi->name = f_.local_names[slot];
    Instruction* raw = phi.get();
    entry_value_[key] = raw;  // before the operands: loops come back here
    for (BasicBlock* pred : preds) {
      raw->operands.push_back(at_end(pred, slot));
      raw->targets.push_back(pred);
    }
    phis_.emplace_back(raw, block);
    owned_[raw] = std::move(phi);
    return raw;
  }

  // The promoted slots an unpack writes (into the frame, item by item).
  std::vector<std::int64_t> unpacked_slots(const Instruction& i) const {
    std::vector<std::int64_t> out;
    if (i.op != Opcode::UnpackSequence) return out;
    for (std::int64_t slot : i.slots) {
      if (slots_.count(slot)) out.push_back(slot);
    }
    return out;
  }

  // A slot's value after an unpack wrote it: read back from the frame
  // right after it (bound: the unpack wrote every target or raised).
  Instruction* unpacked(BasicBlock* block, Instruction* unpack, std::int64_t slot) {
    auto key = std::make_pair(unpack, slot);
    auto found = unpack_loads_.find(key);
    if (found != unpack_loads_.end()) return found->second;
    auto load = std::make_unique<Instruction>();
    load->op = Opcode::LoadFast;
    load->index = slot;
    load->name = f_.local_names[slot];
    load->known_bound = true;
    load->line = unpack->line;
    load->bytecode_offset = unpack->bytecode_offset;
    Instruction* raw = load.get();
    unpack_loads_[key] = raw;
    unpack_reloads_.push_back({raw, {unpack, block}});
    owned_[raw] = std::move(load);
    return raw;
  }

  Instruction* reload(BasicBlock* block, std::int64_t slot) {
    auto load = std::make_unique<Instruction>();
    load->op = Opcode::LoadFast;
    load->index = slot;
    load->name = f_.local_names[slot];
    // An argument is bound on entry. In a handler the slot is bound too
    // (every error exit wrote it back); checked all the same there: a
    // missed write-back is an UnboundLocalError, never a crash.
    load->known_bound = !handlers_.count(block);
    Instruction* raw = load.get();
    reloads_.emplace_back(raw, block);
    owned_[raw] = std::move(load);
    return raw;
  }

  // A phi whose operands are itself and one other value is that value.
  // Removing one can make the phis that read it trivial in turn: a
  // worklist, linear in the phis' operands (a generated function of
  // thousands of lines has thousands of phis, most of them trivial).
  void remove_trivial_phis() {
    std::map<Instruction*, Instruction*> forward;  // a removed phi -> its value
    auto current = [&forward](Instruction* v) {
      Instruction* end = v;
      for (auto found = forward.find(end); found != forward.end(); found = forward.find(end)) {
        end = found->second;
      }
      while (v != end) {  // shortcut the chain for the next look
        Instruction*& next = forward.at(v);
        v = next;
        next = end;
      }
      return end;
    };
    std::set<const Instruction*> phis;
    for (auto& [phi, home] : phis_) phis.insert(phi);
    std::map<const Instruction*, std::vector<Instruction*>> phi_users;
    for (auto& [phi, home] : phis_) {
      for (Instruction* v : phi->operands) {
        if (v != phi && phis.count(v)) phi_users[v].push_back(phi);
      }
    }
    std::vector<Instruction*> work;
    for (auto it = phis_.rbegin(); it != phis_.rend(); ++it) work.push_back(it->first);
    while (!work.empty()) {
      Instruction* phi = work.back();
      work.pop_back();
      if (forward.count(phi)) continue;
      Instruction* same = nullptr;
      bool trivial = true;
      for (Instruction* operand : phi->operands) {
        Instruction* v = current(operand);
        if (v == phi || v == same) continue;
        if (same != nullptr) {
          trivial = false;
          break;
        }
        same = v;
      }
      if (!trivial || same == nullptr) continue;
      forward[phi] = same;
      auto users = phi_users.find(phi);
      if (users == phi_users.end()) continue;
      const std::vector<Instruction*> readers = std::move(users->second);
      work.insert(work.end(), readers.begin(), readers.end());
      // They read `same` now: when it goes in turn, they are looked at again.
      if (phis.count(same)) {
        std::vector<Instruction*>& of_same = phi_users[same];
        of_same.insert(of_same.end(), readers.begin(), readers.end());
      }
    }
    if (forward.empty()) return;
    for (auto& [load, v] : replacement_) v = current(v);
    for (auto& [phi, home] : phis_) {
      for (Instruction*& v : phi->operands) v = current(v);
    }
    phis_.erase(std::remove_if(phis_.begin(), phis_.end(),
                               [&forward](const auto& entry) { return forward.count(entry.first) != 0; }),
                phis_.end());
  }

  // A load forwarded to another forwarded load reads what that one reads.
  Instruction* resolved(Instruction* v) const {
    for (auto found = replacement_.find(v); found != replacement_.end();
         found = replacement_.find(v)) {
      v = found->second;
    }
    return v;
  }

  void commit() {
    for (auto& [load, v] : replacement_) v = resolved(v);
    for (auto& [phi, home] : phis_) {
      for (Instruction*& v : phi->operands) v = resolved(v);
    }
    remove_trivial_phis();
    for (auto& [load, block] : reloads_) {
      // After the handler's CatchException, which must come first.
      auto& list = block->instructions;
      size_t at = 0;
      while (at < list.size() && list[at]->op == Opcode::CatchException) ++at;
      load->id = f_.next_value_id++;
      load->line = at < list.size() ? list[at]->line : 0;
      load->bytecode_offset = at < list.size() ? list[at]->bytecode_offset : -1;
      list.insert(list.begin() + static_cast<long>(at), take(load));
    }
    for (auto& [load, where] : unpack_reloads_) {
      auto& [unpack, block] = where;
      auto& list = block->instructions;
      size_t at = 0;
      while (list[at].get() != unpack) ++at;
      while (at + 1 < list.size() && list[at + 1]->op == Opcode::LoadFast &&
             unpack_loads_.count({unpack, list[at + 1]->index}) &&
             unpack_loads_.at({unpack, list[at + 1]->index}) == list[at + 1].get()) {
        ++at;  // after the loads of the same unpack placed already
      }
      load->id = f_.next_value_id++;
      list.insert(list.begin() + static_cast<long>(at + 1), take(load));
    }
    for (auto& [phi, block] : phis_) {
      phi->id = f_.next_value_id++;
      phi->type.repr = phi->natural_repr();
      block->instructions.insert(block->instructions.begin(), take(phi));
    }
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        for (Instruction*& v : i->operands) {
          auto found = replacement_.find(v);
          if (found != replacement_.end()) v = found->second;
        }
      }
      auto& list = block->instructions;
      list.erase(std::remove_if(list.begin(), list.end(),
                                [&](const std::unique_ptr<Instruction>& i) {
                                  return replacement_.count(i.get()) != 0;
                                }),
                 list.end());
    }
    f_.promoted_slots.assign(slots_.begin(), slots_.end());
  }

  std::unique_ptr<Instruction> take(Instruction* raw) {
    auto found = owned_.find(raw);
    if (found == owned_.end()) return nullptr;
    std::unique_ptr<Instruction> placed = std::move(found->second);
    owned_.erase(found);
    return placed;
  }

  Function& f_;
  std::set<std::int64_t> slots_;
  std::map<const BasicBlock*, std::vector<BasicBlock*>> jump_preds_;
  std::set<const BasicBlock*> handlers_;
  std::map<std::pair<BasicBlock*, std::int64_t>, Instruction*> last_store_;
  std::map<std::pair<BasicBlock*, std::int64_t>, Instruction*> entry_value_;
  std::map<Instruction*, Instruction*> replacement_;  // forwarded load -> its value
  std::vector<std::pair<Instruction*, BasicBlock*>> phis_;
  std::vector<std::pair<Instruction*, BasicBlock*>> reloads_;
  // Reads of the slots an unpack wrote, each placed right after its unpack.
  std::map<std::pair<const Instruction*, std::int64_t>, Instruction*> unpack_loads_;
  std::vector<std::pair<Instruction*, std::pair<Instruction*, BasicBlock*>>> unpack_reloads_;
  std::unordered_map<const Instruction*, std::unique_ptr<Instruction>> owned_;  // not yet placed
};

}  // namespace

void promote_locals(Function& function) {
  if (function.is_generator || function.runs_once || function.compiled_fast ||
      function.blocks.empty()) {
    return;
  }
  // New values are numbered after the highest one present, as the parser
  // numbers them, so a function read back from its text gets the same IR.
  int highest = -1;
  for (const auto& block : function.blocks) {
    for (const auto& i : block->instructions) highest = std::max(highest, i->id);
  }
  function.next_value_id = highest + 1;
  std::set<std::int64_t> slots = qualifying_slots(function);
  if (slots.empty()) return;
  if (Promoter(function, std::move(slots)).run()) {
    // A handler only a forwarded load could reach (its unwind edge) is gone.
    remove_unreachable_blocks(function);
    infer_types(function);
  }
}

}  // namespace pyaot::ir
