// The IR's text form (`pyaot build --emit=ir`): everything that changes
// the meaning of a function, so ir/parser.h reads it back (print, parse,
// print gives the same bytes). A file holds entries separated by blank
// lines: a function, or one comment line for a function left to bytecode.
//
//   def m.f  # m.py:1                     module.qualname, co_filename:co_firstlineno
//     # module: m
//     # generator: 3 frame stack slots    (is_generator; suspend_slots)
//     # async generator
//     # runs once                         (a module or class body)
//     # arguments: 1                      (argument_slots)
//     # locals: 0=a 1=x                   (co_varnames)
//   bb0:
//     r0 = LoadFast a[0] (bound) (borrowed)        ; line 2 @2
//     r1:int = LoadConst #1                         ; line 2 @4
//     r2 = BinaryOp + r0, r1 unwind bb1  [on error release r3] ; line 2 @6
//     Branch r5, bb1, bb2
//     r7 = Phi r4 from bb1, r6 from bb2
//     r8 = LoadMethod send[4] r2                    ; line 3 @58
//     r9 = MethodSelf r8
//     r10 = CallMethod r8, r9, r7 kwnames=#5         ; line 3 @64
//     r11 = Yield state 1 r10  [saved across r2, r8]
//
// An instruction: its value `rN` (`:type` when the type is known), the op,
// its immediates (ir/text_syntax.h), `(bound)` / `(borrowed)` for a local
// load proven bound / borrowing its slot's reference, its operands then
// successor blocks, and then its source line and bytecode offset.
#pragma once

#include <string>
#include <string_view>

#include "ir/ir.h"

namespace pyaot::ir {

std::string print_function(const Function& function);

// One instruction's line of print_function (indented, with its newline).
std::string print_instruction(const Instruction& instruction);

// The comment line (no newline) that stands for a function left to bytecode.
std::string print_fallback(std::string_view qualname, std::string_view reason);

// A name as the text form writes it: as is, or quoted when it holds
// characters that would end it.
std::string print_name(std::string_view name);

}  // namespace pyaot::ir
