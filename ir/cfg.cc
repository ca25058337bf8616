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

DominatorTree::DominatorTree(const Function& f, const Predecessors& preds) {
  // Nodes: the blocks by index, then a virtual root whose successors are
  // the entry and the blocks no edge enters.
  const int n = static_cast<int>(f.blocks.size());
  const int root = n;
  std::unordered_map<const BasicBlock*, int> index;
  for (int k = 0; k < n; ++k) index[f.blocks[k].get()] = k;
  std::vector<std::vector<int>> successors(n + 1), predecessors(n + 1);
  for (int k = 0; k < n; ++k) {
    const BasicBlock* b = f.blocks[k].get();
    auto found = preds.find(b);
    if (k == 0 || found == preds.end() || found->second.empty()) {
      successors[root].push_back(k);
      predecessors[k].push_back(root);
    }
    for (const BasicBlock* s : b->successors()) successors[k].push_back(index.at(s));
    if (found != preds.end()) {
      for (const BasicBlock* p : found->second) predecessors[k].push_back(index.at(p));
    }
  }
  // Postorder numbers from the root (-1: unreached).
  std::vector<int> postorder_number(n + 1, -1), postorder;
  std::vector<char> seen(n + 1, 0);
  std::vector<std::pair<int, size_t>> stack = {{root, 0}};
  seen[root] = 1;
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < successors[node].size()) {
      const int s = successors[node][next++];
      if (!seen[s]) {
        seen[s] = 1;
        stack.emplace_back(s, 0);
      }
      continue;
    }
    postorder_number[node] = static_cast<int>(postorder.size());
    postorder.push_back(node);
    stack.pop_back();
  }
  std::vector<int> idom(n + 1, -1);
  idom[root] = root;
  auto intersect = [&](int a, int b) {
    while (a != b) {
      while (postorder_number[a] < postorder_number[b]) a = idom[a];
      while (postorder_number[b] < postorder_number[a]) b = idom[b];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto node = postorder.rbegin() + 1; node != postorder.rend(); ++node) {
      int chosen = -1;
      for (int p : predecessors[*node]) {
        if (idom[p] < 0) continue;  // not processed yet, or unreached
        chosen = chosen < 0 ? p : intersect(p, chosen);
      }
      if (idom[*node] != chosen) {
        idom[*node] = chosen;
        changed = true;
      }
    }
  }
  // Preorder intervals of the tree: a dominates b when b's lies in a's.
  std::vector<std::vector<int>> children(n + 1);
  for (int k = 0; k < n; ++k) {
    if (idom[k] >= 0) children[idom[k]].push_back(k);
  }
  std::vector<Interval> interval(n + 1);
  int clock = 0;
  std::vector<std::pair<int, size_t>> walk = {{root, 0}};
  interval[root].first = clock++;
  while (!walk.empty()) {
    auto& [node, next] = walk.back();
    if (next < children[node].size()) {
      const int child = children[node][next++];
      interval[child].first = clock++;
      walk.emplace_back(child, 0);
      continue;
    }
    interval[node].last = clock - 1;
    walk.pop_back();
  }
  for (int k = 0; k < n; ++k) intervals_[f.blocks[k].get()] = interval[k];
}

bool DominatorTree::dominates(const BasicBlock* a, const BasicBlock* b) const {
  const Interval& of_b = intervals_.at(b);
  if (of_b.first < 0) return true;  // no root reaches b
  const Interval& of_a = intervals_.at(a);
  return of_a.first >= 0 && of_a.first <= of_b.first && of_b.last <= of_a.last;
}

std::map<const BasicBlock*, int> loop_depths(const Function& f) {
  std::map<const BasicBlock*, int> depth;
  for (const auto& b : f.blocks) depth[b.get()] = 0;
  if (f.blocks.empty()) return depth;
  const Predecessors preds = all_predecessors(f);
  const DominatorTree dom(f, preds);
  // One loop per header: the union of its back edges' bodies.
  std::map<const BasicBlock*, std::set<const BasicBlock*>> loops;
  for (const auto& block : f.blocks) {
    const BasicBlock* source = block.get();
    for (const BasicBlock* header : source->successors()) {
      if (!dom.dominates(header, source)) continue;  // not a back edge
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
