#include "ir/cfg.h"

namespace pyaot::ir {

Predecessors all_predecessors(const Function& f) {
  Predecessors out;
  for (const auto& b : f.blocks) {
    for (const BasicBlock* s : b->successors()) {
      auto& into = out[s];
      if (into.empty() || into.back() != b.get()) into.push_back(b.get());  // Branch x, bb1, bb1
    }
  }
  return out;
}

// Iteratively, over sets (functions are small).
Dominators dominators(const Function& f, const Predecessors& preds) {
  Dominators dom;
  std::set<const BasicBlock*> all;
  for (const auto& b : f.blocks) all.insert(b.get());
  for (const auto& b : f.blocks) dom[b.get()] = all;
  dom[f.blocks[0].get()] = {f.blocks[0].get()};
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 1; i < f.blocks.size(); ++i) {
      const BasicBlock* b = f.blocks[i].get();
      std::set<const BasicBlock*> next;
      bool first = true;
      auto found = preds.find(b);
      if (found != preds.end()) {
        for (const BasicBlock* p : found->second) {
          if (first) {
            next = dom[p];
            first = false;
          } else {
            std::set<const BasicBlock*> meet;
            for (const BasicBlock* d : next)
              if (dom[p].count(d)) meet.insert(d);
            next = std::move(meet);
          }
        }
      }
      next.insert(b);
      if (next != dom[b]) {
        dom[b] = std::move(next);
        changed = true;
      }
    }
  }
  return dom;
}

std::map<const BasicBlock*, int> loop_depths(const Function& f) {
  std::map<const BasicBlock*, int> depth;
  for (const auto& b : f.blocks) depth[b.get()] = 0;
  if (f.blocks.empty()) return depth;
  const Predecessors preds = all_predecessors(f);
  const Dominators dom = dominators(f, preds);
  // One loop per header: the union of its back edges' bodies.
  std::map<const BasicBlock*, std::set<const BasicBlock*>> loops;
  for (const auto& block : f.blocks) {
    const BasicBlock* source = block.get();
    for (const BasicBlock* header : source->successors()) {
      if (!dom.at(source).count(header)) continue;  // not a back edge
      std::set<const BasicBlock*>& body = loops[header];
      body.insert(header);
      std::vector<const BasicBlock*> work;
      if (body.insert(source).second) work.push_back(source);
      while (!work.empty()) {
        const BasicBlock* b = work.back();
        work.pop_back();
        auto found = preds.find(b);
        if (found == preds.end()) continue;
        for (const BasicBlock* p : found->second) {
          if (body.insert(p).second) work.push_back(p);
        }
      }
    }
  }
  for (const auto& [header, body] : loops)
    for (const BasicBlock* b : body) ++depth[b];
  return depth;
}

}  // namespace pyaot::ir
