#include "ir/simplify.h"

#include <set>

namespace pyaot::ir {

void remove_unreachable_blocks(Function& f) {
  std::set<BasicBlock*> reached;
  std::vector<BasicBlock*> work = {f.blocks[0].get()};
  while (!work.empty()) {
    BasicBlock* b = work.back();
    work.pop_back();
    if (!reached.insert(b).second) continue;
    for (BasicBlock* s : b->successors()) work.push_back(s);
  }
  for (auto& block : f.blocks) {
    if (!reached.count(block.get())) continue;
    for (auto& i : block->instructions) {
      if (i->op != Opcode::Phi) continue;
      std::vector<Instruction*> operands;
      std::vector<BasicBlock*> targets;
      for (size_t k = 0; k < i->targets.size(); ++k) {
        if (reached.count(i->targets[k])) {
          operands.push_back(i->operands[k]);
          targets.push_back(i->targets[k]);
        }
      }
      i->operands = std::move(operands);
      i->targets = std::move(targets);
    }
  }
  std::vector<std::unique_ptr<BasicBlock>> kept;
  for (auto& block : f.blocks) {
    if (reached.count(block.get())) kept.push_back(std::move(block));
  }
  f.blocks = std::move(kept);
  for (size_t i = 0; i < f.blocks.size(); ++i) f.blocks[i]->id = static_cast<int>(i);
}

}  // namespace pyaot::ir
