#include "ir/bound_locals.h"

#include <map>
#include <set>

namespace pyaot::ir {
namespace {

using Slots = std::set<std::int64_t>;

// The slots bound after `i`, given those bound before it.
void update_bound(const Instruction& i, Slots& bound) {
  switch (i.op) {
    case Opcode::StoreFast:
      bound.insert(i.index);
      break;
    case Opcode::UnpackSequence:
      bound.insert(i.slots.begin(), i.slots.end());
      break;
    case Opcode::DeleteFast:
      bound.erase(i.index);
      break;
    default:
      break;
  }
}

Slots intersect(const Slots& a, const Slots& b) {
  Slots out;
  for (std::int64_t s : a)
    if (b.count(s)) out.insert(s);
  return out;
}

}  // namespace

std::map<const BasicBlock*, Slots> bound_on_entry(const Function& f) {
  // Bound on entry to each block: the intersection over every way in (the
  // terminator edges of predecessors, and each op that unwinds to it, as
  // things were before that op). Absent: not reached yet (everything).
  std::map<const BasicBlock*, Slots> bound_in;
  Slots arguments;
  for (int s = 0; s < f.argument_slots; ++s) arguments.insert(s);
  bound_in[f.blocks[0].get()] = arguments;
  auto meet = [&](const BasicBlock* block, const Slots& incoming, bool& changed) {
    auto found = bound_in.find(block);
    if (found == bound_in.end()) {
      bound_in[block] = incoming;
      changed = true;
      return;
    }
    Slots merged = intersect(found->second, incoming);
    if (merged != found->second) {
      found->second = std::move(merged);
      changed = true;
    }
  };
  bool changed = true;
  while (changed) {
    changed = false;
    for (const auto& block : f.blocks) {
      auto found = bound_in.find(block.get());
      if (found == bound_in.end()) continue;
      Slots bound = found->second;
      for (const auto& i : block->instructions) {
        if (i->unwind) meet(i->unwind, bound, changed);
        update_bound(*i, bound);
        if (i->is_terminator()) {
          for (const BasicBlock* target : i->targets) meet(target, bound, changed);
        }
      }
    }
  }
  return bound_in;
}

void mark_bound_loads(Function& f) {
  const std::map<const BasicBlock*, Slots> bound_in = bound_on_entry(f);
  for (const auto& block : f.blocks) {
    auto found = bound_in.find(block.get());
    if (found == bound_in.end()) continue;
    Slots bound = found->second;
    for (const auto& i : block->instructions) {
      if (i->op == Opcode::LoadFast) i->known_bound = bound.count(i->index) != 0;
      update_bound(*i, bound);
    }
  }
}

}  // namespace pyaot::ir
