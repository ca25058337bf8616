// trace-lines: where native code reports line events to a sys.settrace
// tracer (coverage.py, pdb), on request only (`pyaot build --trace-lines`;
// without it the pipeline leaves this pass out and the code is unchanged).
//
// A TraceLine goes before the first op of each block whose position is
// the instruction it stands for, and before each later op of the block at
// a later instruction; not before jumps, constants, returns and the
// plumbing of exception handlers, which keep the position of the code
// lowered before them. (The lowering gives the statements that have no
// other op a TraceLine itself: pass, try, break, a bare raise, ...)
// At run time (runtime_shim: pyaot_trace_line), when a tracer is set, it
// sends the interpreter's line event if the line of its instruction (from
// the code object's line table) differs from that of the last TraceLine the
// body ran, or a jump went back to it: the rule of ceval's
// maybe_call_line_trace. Locals held as numbers are written back first
// (frame-sync: on its generic path, when a tracer is set), so the tracer
// sees f_locals as the interpreter's would. Runs before the refcount pass;
// a TraceLine unwinds where the op after it does (a tracer's exception
// goes to the enclosing handler). An exception a native body catches gets
// its exception event from the backend (pyaot_trace_exception).
#pragma once

#include "ir/ir.h"

namespace pyaot::ir {

void insert_line_events(Function& function);

}  // namespace pyaot::ir
