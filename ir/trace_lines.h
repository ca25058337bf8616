// trace-lines: where native code reports line events to a sys.settrace
// tracer (coverage.py, pdb), on request only (`pyaot build --trace-lines`;
// without it the pipeline leaves this pass out and the code is unchanged).
//
// A TraceLine goes before the first positioned op of each block and before
// each op whose line differs from the last positioned op's in its block.
// At run time (runtime_shim: pyaot_trace_line), when a tracer is set, it
// sends the interpreter's line event if the line of its instruction (from
// the code object's line table) differs from that of the last TraceLine the
// body ran, or a jump went back to it: the rule of ceval's
// maybe_call_line_trace. Locals held as numbers are written back first
// (frame-sync: on its generic path, when a tracer is set), so the tracer
// sees f_locals as the interpreter's would. Runs before the refcount pass;
// a TraceLine unwinds where the op after it does (a tracer's exception
// goes to the enclosing handler).
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void insert_line_events(Function& function);

}  // namespace pyaot::ir
