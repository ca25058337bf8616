// Facts of a function's control-flow graph: predecessors, dominators and
// loop nesting, computed from the blocks' terminators (exception edges,
// `unwind`, are not control flow here: a handler is entered from the ops
// that fail into it, which the passes that need it treat themselves).
#pragma once

#include <map>
#include <set>
#include <vector>

#include "ir/ir.h"

namespace pyaot::ir {

using Predecessors = std::map<const BasicBlock*, std::vector<const BasicBlock*>>;
using Dominators = std::map<const BasicBlock*, std::set<const BasicBlock*>>;

// Every block's predecessors, each once, in one walk.
Predecessors all_predecessors(const Function& f);

// The blocks that dominate each block (itself included).
Dominators dominators(const Function& f, const Predecessors& preds);

// How many natural loops (a back edge to a block that dominates its
// source, and the blocks that reach that source without passing the
// header) contain each block: 0 outside every loop.
std::map<const BasicBlock*, int> loop_depths(const Function& f);

}  // namespace pyaot::ir
