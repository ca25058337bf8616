#include "ir/refcount.h"

#include "ir/liveness.h"

#include <algorithm>
#include <map>
#include <set>

namespace pyaot::ir {
namespace {

bool is_owned(const Instruction* v) { return v->is_owned_object(); }

// Whether `op` can rebind local slot `slot` (or suspend the body, which a
// borrowed value must not outlive).
bool may_rebind(const Instruction& op, std::int64_t slot) {
  switch (op.op) {
    case Opcode::StoreFast:
    case Opcode::DeleteFast:
      return op.index == slot;
    case Opcode::UnpackSequence:
      return std::find(op.slots.begin(), op.slots.end(), slot) != op.slots.end();
    case Opcode::Yield:
    case Opcode::YieldFrom:
      return true;
    default:
      return false;
  }
}

// A local load all of whose uses follow it in its block, with no op in
// between that could rebind the slot, borrows the slot's reference: the
// frame keeps the object alive meanwhile, so no IncRef/DecRef pair.
void mark_borrowed_locals(Function& f) {
  std::map<const Instruction*, std::vector<std::pair<const BasicBlock*, size_t>>> uses;
  for (const auto& b : f.blocks) {
    for (size_t k = 0; k < b->instructions.size(); ++k) {
      for (const Instruction* operand : b->instructions[k]->operands)
        uses[operand].emplace_back(b.get(), k);
    }
  }
  for (const auto& b : f.blocks) {
    for (size_t k = 0; k < b->instructions.size(); ++k) {
      Instruction& load = *b->instructions[k];
      if (load.op != Opcode::LoadFast) continue;
      size_t last = k;
      bool local_uses = true;
      for (const auto& [block, at] : uses[&load]) {
        local_uses &= block == b.get() && at > k && b->instructions[at]->op != Opcode::Phi;
        last = std::max(last, at);
      }
      if (!local_uses) continue;
      bool stable = true;
      for (size_t n = k + 1; n < last && stable; ++n) stable = !may_rebind(*b->instructions[n], load.index);
      load.borrowed_local = stable;
    }
  }
}

Instruction* make(Function& f, Opcode op, Instruction* operand, const Instruction* near) {
  auto i = std::make_unique<Instruction>();
  i->op = op;
  i->operands = {operand};
  i->line = near ? near->line : 0;
  i->bytecode_offset = near ? near->bytecode_offset : -1;
  (void)f;
  return i.release();
}

void rewrite_block(Function& f, BasicBlock* b, const Liveness& live) {
  std::vector<std::unique_ptr<Instruction>> old = std::move(b->instructions);
  std::vector<std::unique_ptr<Instruction>> out;
  out.reserve(old.size() * 2);

  // Walk backwards with the live set, building the reversed result.
  ValueSet alive = live.live_out.at(b);
  std::vector<std::unique_ptr<Instruction>> reversed;
  for (auto it = old.rbegin(); it != old.rend(); ++it) {
    std::unique_ptr<Instruction> i = std::move(*it);
    Instruction* raw = i.get();
    const ValueSet after = alive;
    // Alive before `raw`: its operands, what its handler needs if it fails,
    // and what is alive after it (less its own result).
    ValueSet before = after;
    before.erase(raw);
    if (raw->op != Opcode::Phi) {
      for (Instruction* v : raw->operands)
        if (v->is_owned_object()) before.insert(v);
    }
    const ValueSet* kept_by_handler = raw->unwind ? &live.live_in.at(raw->unwind) : nullptr;
    if (kept_by_handler) before.insert(kept_by_handler->begin(), kept_by_handler->end());

    // A stolen operand the op's own handler needs (it can fail after the
    // steal) or that is used later is copied first; the copy is the op's.
    ValueSet stolen, copied;
    for (size_t k = 0; k < raw->operands.size(); ++k) {
      if (raw->op == Opcode::Phi || !raw->steals(k)) continue;
      Instruction* v = raw->operands[k];
      stolen.insert(v);
      if (v->is_borrowed() || after.count(v) ||
          (raw->can_fail() && kept_by_handler && kept_by_handler->count(v)))
        copied.insert(v);
    }
    auto given_away = [&](Instruction* v) { return stolen.count(v) && !copied.count(v); };

    // After `raw`: release what was alive before it and is not after it
    // (operands at their last use, values kept only for a handler), and a
    // result nobody uses. Stolen operands are the op's to release.
    std::vector<Instruction*> release_after;
    for (Instruction* v : before) {
      if (!after.count(v) && !given_away(v)) release_after.push_back(v);
    }
    // (A borrowed operand is never in `before`: it holds no reference.)
    std::sort(release_after.begin(), release_after.end(),
              [](const Instruction* x, const Instruction* y) { return x->id < y->id; });
    if (raw->is_owned_object() && !after.count(raw)) release_after.push_back(raw);
    for (Instruction* v : release_after) reversed.emplace_back(make(f, Opcode::DecRef, v, raw));

    // Before `raw`: the copies of stolen values.
    std::vector<Instruction*> incref_before(copied.begin(), copied.end());
    if (raw->can_fail()) {
      raw->error_cleanup.clear();
      for (Instruction* v : before) {
        if ((!kept_by_handler || !kept_by_handler->count(v)) && !given_away(v))
          raw->error_cleanup.push_back(v);
      }
      std::sort(raw->error_cleanup.begin(), raw->error_cleanup.end(),
                [](const Instruction* x, const Instruction* y) { return x->id < y->id; });
    }
    alive = std::move(before);
    reversed.push_back(std::move(i));
    for (Instruction* v : incref_before) reversed.emplace_back(make(f, Opcode::IncRef, v, raw));
  }
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) out.push_back(std::move(*it));
  // A phi nobody reads is released at once, after the block's phis.
  std::stable_partition(out.begin(), out.end(),
                        [](const std::unique_ptr<Instruction>& i) { return i->op == Opcode::Phi; });
  b->instructions = std::move(out);
}

// The reference counts an edge needs: a value alive at the end of `from`
// holds one reference; along the edge it must hold one per phi of `to` it
// moves into, plus one if `to` still uses it. Extra references are taken,
// surplus ones released, in a block split onto the edge when needed.
void balance_edges(Function& f, const Liveness& live) {
  const size_t original_blocks = f.blocks.size();
  for (size_t n = 0; n < original_blocks; ++n) {
    BasicBlock* from = f.blocks[n].get();
    Instruction* term = from->terminator();
    if (!term) continue;
    for (BasicBlock*& to : term->targets) {
      std::map<Instruction*, int> moves;
      bool has_phis = false;
      for (const auto& i : to->instructions) {
        if (i->op != Opcode::Phi) break;
        has_phis = true;
        for (size_t k = 0; k < i->targets.size(); ++k)
          if (i->targets[k] == from) ++moves[i->operands[k]];
      }
      std::vector<std::pair<Opcode, Instruction*>> fixes;
      std::vector<Instruction*> values(live.live_out.at(from).begin(), live.live_out.at(from).end());
      std::sort(values.begin(), values.end(),
                [](const Instruction* a, const Instruction* c) { return a->id < c->id; });
      for (Instruction* v : values) {
        int needed = moves[v] + (live.live_in.at(to).count(v) ? 1 : 0);
        if (needed == 0) fixes.push_back({Opcode::DecRef, v});
        for (int k = 1; k < needed; ++k) fixes.push_back({Opcode::IncRef, v});
      }
      // A borrowed value moved into a phi takes a reference for it.
      std::vector<std::pair<Instruction*, int>> borrowed;
      for (auto& [v, count] : moves)
        if (v->is_borrowed()) borrowed.emplace_back(v, count);
      std::sort(borrowed.begin(), borrowed.end(),
                [](const auto& a, const auto& c) { return a.first->id < c.first->id; });
      for (auto& [v, count] : borrowed) {
        for (int k = 0; k < count; ++k) fixes.push_back({Opcode::IncRef, v});
      }
      if (fixes.empty()) continue;
      BasicBlock* target = to;
      BasicBlock* landing = target;
      size_t insert_at = 0;
      if (has_phis || f.predecessors(target).size() > 1) {
        landing = f.add_block();  // split the edge
        auto jump = std::make_unique<Instruction>();
        jump->op = Opcode::Jump;
        jump->targets = {target};
        jump->line = term->line;
        landing->instructions.push_back(std::move(jump));
        for (const auto& i : target->instructions) {
          if (i->op != Opcode::Phi) break;
          for (BasicBlock*& incoming : i->targets)
            if (incoming == from) incoming = landing;
        }
        to = landing;
      }
      for (auto& [op, v] : fixes) {
        landing->instructions.insert(landing->instructions.begin() + static_cast<long>(insert_at++),
                                     std::unique_ptr<Instruction>(make(f, op, v, term)));
      }
    }
  }
}

}  // namespace

void insert_refcounts(Function& f) {
  mark_borrowed_locals(f);
  Liveness live = compute_liveness(f, is_owned);
  for (auto& block : f.blocks) rewrite_block(f, block.get(), live);
  balance_edges(f, live);
}

}  // namespace pyaot::ir
