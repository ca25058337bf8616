// The reference-count pass: makes ownership explicit.
//
// Rule: every Object result is an owned reference; an operand is borrowed
// unless its op steals it (ops.def). The pass computes liveness and then
//  - releases each owned value right after its last use (DecRef),
//  - adds an IncRef before a steal when the value is still needed after it,
//  - releases values that die on a control-flow edge at the edge (splitting
//    it when the target has several predecessors),
//  - records on each op that can fail the owned values live across it,
//    which its error path releases.
// Values whose uses are all steals need no operation at all: that is the
// redundancy the pass avoids by construction.
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void insert_refcounts(Function& function);

}  // namespace pyaot::ir
