#include "ir/suspend.h"

#include <algorithm>

#include "ir/liveness.h"

namespace pyaot::ir {
namespace {

bool has_value(const Instruction* v) { return v->has_result(); }

bool is_suspension(const Instruction& i) {
  return i.op == Opcode::Yield || i.op == Opcode::YieldFrom;
}

}  // namespace

bool assign_suspend_points(Function& f, std::string* problem) {
  if (!f.is_generator) return true;
  Liveness live = compute_liveness(f, has_value);
  int state = 0;
  size_t most_saved = 0;
  // States follow block order, so they are stable from build to build.
  for (auto& block : f.blocks) {
    ValueSet alive = live.live_out.at(block.get());
    std::vector<std::pair<Instruction*, ValueSet>> found;
    for (auto it = block->instructions.rbegin(); it != block->instructions.rend(); ++it) {
      Instruction& i = **it;
      if (is_suspension(i)) found.emplace_back(&i, live_across(i, alive, live));
      alive.erase(&i);
      if (i.op != Opcode::Phi) {
        for (Instruction* operand : i.operands) alive.insert(operand);
      }
      if (i.unwind) {
        const ValueSet& handler = live.live_in.at(i.unwind);
        alive.insert(handler.begin(), handler.end());
      }
    }
    std::reverse(found.begin(), found.end());
    for (auto& [i, across] : found) {
      i->index = ++state;
      i->live_across.assign(across.begin(), across.end());
      std::sort(i->live_across.begin(), i->live_across.end(),
                [](const Instruction* a, const Instruction* b) { return a->id < b->id; });
      for (const Instruction* v : i->live_across) {
        if (!v->is_object()) {
          *problem = "an unboxed condition is live across a yield";
          return false;
        }
      }
      most_saved = std::max(most_saved, i->live_across.size());
    }
  }
  if (state > 255) {
    *problem = "more than 255 suspension points";
    return false;
  }
  f.suspend_slots = first_saved_slot(f) + static_cast<int>(most_saved);
  return true;
}

}  // namespace pyaot::ir
