#include "ir/liveness.h"

namespace pyaot::ir {
namespace {

// Values `block` passes to phis of its successors (moved at the edge).
ValueSet phi_inputs_from(BasicBlock* block, bool (*tracked)(const Instruction*)) {
  ValueSet out;
  const Instruction* term = block->terminator();
  if (term == nullptr) return out;
  for (BasicBlock* s : term->targets) {
    for (const auto& i : s->instructions) {
      if (i->op != Opcode::Phi) break;
      for (size_t k = 0; k < i->targets.size(); ++k)
        if (i->targets[k] == block && tracked(i->operands[k])) out.insert(i->operands[k]);
    }
  }
  return out;
}

}  // namespace

Liveness compute_liveness(Function& f, bool (*tracked)(const Instruction*)) {
  Liveness live;
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto it = f.blocks.rbegin(); it != f.blocks.rend(); ++it) {
      BasicBlock* b = it->get();
      // Out along the terminator's edges; a handler's needs are added at
      // each instruction that can unwind to it (below), not at the block's
      // end, where they would outlive a Return.
      ValueSet out = phi_inputs_from(b, tracked);
      if (const Instruction* term = b->terminator()) {
        for (BasicBlock* s : term->targets) {
          for (Instruction* v : live.live_in[s]) out.insert(v);
        }
        // What a branch tests lives to its edges, where it is released if
        // no successor needs it (a MatchClass result without sub-patterns).
        if (!term->targets.empty()) {
          for (Instruction* operand : term->operands)
            if (tracked(operand)) out.insert(operand);
        }
      }
      ValueSet in = out;
      for (auto i = b->instructions.rbegin(); i != b->instructions.rend(); ++i) {
        in.erase(i->get());
        if ((*i)->op == Opcode::Phi) continue;  // phi operands belong to the predecessors
        for (Instruction* operand : (*i)->operands)
          if (tracked(operand)) in.insert(operand);
        // If it fails, what its handler needs stays alive across it.
        if ((*i)->unwind) {
          for (Instruction* v : live.live_in[(*i)->unwind]) in.insert(v);
        }
      }
      if (out != live.live_out[b] || in != live.live_in[b]) {
        live.live_out[b] = std::move(out);
        live.live_in[b] = std::move(in);
        changed = true;
      }
    }
  }
  return live;
}

ValueSet live_across(const Instruction& i, const ValueSet& after_i, const Liveness& live) {
  ValueSet across = after_i;
  if (i.unwind) {
    const ValueSet& handler = live.live_in.at(i.unwind);
    across.insert(handler.begin(), handler.end());
  }
  across.erase(const_cast<Instruction*>(&i));
  return across;
}

}  // namespace pyaot::ir
