// Facts of a function's control-flow graph: predecessors, dominators and
// loop nesting, computed from the blocks' terminators (exception edges,
// `unwind`, are not control flow here: a handler is entered from the ops
// that fail into it, which the passes that need it treat themselves).
#pragma once

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "ir/ir.h"

namespace pyaot::ir {

using Predecessors = std::map<const BasicBlock*, std::vector<const BasicBlock*>>;

// Every block's predecessors, each once, in one walk.
Predecessors all_predecessors(const Function& f);

// Which blocks dominate which, in time and memory linear in the blocks
// (immediate dominators by Cooper, Harvey and Kennedy's iteration, then
// the tree's preorder intervals): a generated function of thousands of
// lines has tens of thousands of blocks. The entry and every block no
// edge enters are roots; a block no root reaches is dominated by all.
class DominatorTree {
 public:
  DominatorTree(const Function& f, const Predecessors& preds);
  // Whether every path from a root to `b` passes `a` (a block dominates itself).
  bool dominates(const BasicBlock* a, const BasicBlock* b) const;

 private:
  struct Interval {
    int first = -1, last = -1;  // preorder numbers in the tree: -1 unreached
  };
  std::unordered_map<const BasicBlock*, Interval> intervals_;
};

// How many natural loops (a back edge to a block that dominates its
// source, and the blocks that reach that source without passing the
// header) contain each block: 0 outside every loop.
std::map<const BasicBlock*, int> loop_depths(const Function& f);

}  // namespace pyaot::ir
