// The run-time work of each instruction of the final IR (after the passes
// of ir/pipeline.h), classified once: what `pyaot build --annotate`
// shades source lines by (compiler/annotate.h).
//
// In: an instruction and the facts the passes left on it (exact types,
// unboxed arithmetic, bound and borrowed local loads, frame write-backs)
// and its op's row of ops.def (the runtime helper it calls). Out: its kind
// of work, a cost, and the guards its code checks, each with what it
// protects and where a failed check goes. The emitter (backend/emit_native.cc)
// picks its specializations from the same predicates (uses_str_equality,
// is_list_append_call, is_list_pop_call), so the two cannot drift apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.h"

namespace pyaot::ir {

enum class WorkKind : std::uint8_t {
  None,      // no call: control flow, i1 logic, a constant, a local, cell or flag read
  Refcount,  // an inline reference count change (a store drops the slot's old value)
  Unboxed,   // arithmetic or a comparison on doubles or 64-bit ints, behind type checks
  Guarded,   // a helper whose fast path a site cache or an inline type check guards
  Boxing,    // a number made an object again (an allocation)
  Generic,   // a call into the generic C-API path: any type, dispatch through its slots
  Suspend,   // a generator's or coroutine's suspension point
};
std::string_view work_kind_name(WorkKind kind);  // "none", "refcount", "unboxed", ...

// What one kind of work costs, in rough units of a generic C-API call (10).
int work_cost(WorkKind kind);

struct Guard {
  std::string check;      // what the code tests, naming values as the printer does (r3)
  std::string protects;   // what passing it buys
  std::string otherwise;  // where a failed check goes
};

struct Work {
  WorkKind kind = WorkKind::None;
  int cost = 0;  // work_cost(kind), plus the boxing of frame write-backs the op always does
  std::string what;  // one line: what the op's code does
  std::vector<Guard> guards;
};

Work work_of(const Instruction& instruction);

// `==` or `!=` with a str on one side: the other side is likely a str too,
// compared inline first.
bool uses_str_equality(const Instruction& compare);

// `x.append(v)`: one positional argument to a method named append, which
// appends inline when x is an exact list.
bool is_list_append_call(const Instruction& call_method);

// `x.pop()`: no argument to a method named pop, which takes the last item
// inline when x is an exact list.
bool is_list_pop_call(const Instruction& call_method);

}  // namespace pyaot::ir
