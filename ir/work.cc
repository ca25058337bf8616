#include "ir/work.h"

#include "ir/frame_sync.h"

namespace pyaot::ir {
namespace {

std::string name_of(const Instruction* value) { return "r" + std::to_string(value->id); }

Work make(WorkKind kind, std::string what, std::vector<Guard> guards = {}) {
  Work w;
  w.kind = kind;
  w.cost = work_cost(kind);
  w.what = std::move(what);
  w.guards = std::move(guards);
  return w;
}

std::string helper_of(const Instruction& i) { return std::string(i.info().helper); }

// The generic path of an op: its ops.def helper, which calls the C API.
Work generic(const Instruction& i, std::string what) {
  return make(WorkKind::Generic, what + " (" + helper_of(i) + ")");
}

// A BinaryOp, InplaceOp or CompareBool the number passes marked: both
// operands checked to be numbers of its kind (ir/unbox_arithmetic.h).
Work unboxed_arithmetic(const Instruction& i) {
  const bool floats = i.arithmetic == NumberKind::Float;
  const std::string numbers = floats ? "doubles" : "64-bit ints";
  std::vector<Guard> guards;
  std::string checked;
  int count = 0;
  for (const Instruction* operand : i.operands) {
    // A proven float needs no check (the emitter skips it).
    if (floats && operand->type.kind == TypeKind::Float) continue;
    checked += (checked.empty() ? "" : " and ") + name_of(operand);
    ++count;
  }
  const std::string generic_path =
      "box the numbers, then the generic operation (" +
      std::string(floats ? "pyaot_float_" : "pyaot_int_") +
      (i.op == Opcode::CompareBool ? "compare_generic)" : "arithmetic_generic)");
  if (!checked.empty()) {
    const std::string number = floats ? "an exact float" : "an int that fits 64 bits";
    guards.push_back({checked + (count == 1 ? " is " + number + " (or a number held unboxed)"
                                            : " are each " + number + " (or a number held unboxed)"),
                      "the operation computed in " + numbers + ", no object made", generic_path});
  }
  const auto kind = static_cast<BinaryKind>(i.index);
  if (i.op != Opcode::CompareBool && !floats) {
    guards.push_back({"no overflow (and no zero divisor, no negative shift)",
                      "the 64-bit result is the exact int", generic_path});
  } else if (i.op != Opcode::CompareBool && kind == BinaryKind::TrueDivide) {
    guards.push_back({"a nonzero divisor", "the quotient in doubles",
                      "the generic operation, which raises ZeroDivisionError"});
  }
  std::string what = i.op == Opcode::CompareBool ? "compares " + numbers : "computes in " + numbers;
  if (i.unboxed_result()) what += ", result kept unboxed for its user";
  return make(WorkKind::Unboxed, what, std::move(guards));
}

bool is_real_number_operands(const Instruction& i) {
  for (const Instruction* operand : i.operands) {
    if (!is_real_number(operand->type.kind)) return false;
  }
  return true;
}

Work classify(const Instruction& i) {
  switch (i.op) {
    // ---- values -------------------------------------------------------
    case Opcode::LoadConst:
      return make(WorkKind::None, "a constant of the code object, borrowed");
    case Opcode::LoadNone:
      return make(WorkKind::None, "None, borrowed");
    case Opcode::LoadBool:
      return make(WorkKind::None, "True or False from an i1");
    case Opcode::LoadFast:
      if (i.known_bound) return make(WorkKind::None, "reads the frame slot (bound on every path)");
      return make(WorkKind::None, "reads the frame slot",
                  {{"the slot is bound", "the value read", "UnboundLocalError"}});
    case Opcode::StoreFast:
    case Opcode::StoreDeref:
      return make(WorkKind::Refcount, "stores into the slot, releasing its old value");
    case Opcode::DeleteFast:
    case Opcode::DeleteDeref:
      return make(WorkKind::Refcount, "empties the slot",
                  {{"the slot is bound", "the delete", "UnboundLocalError"}});
    case Opcode::LoadDeref:
      return make(WorkKind::None, "reads the cell",
                  {{"the cell is bound", "the value read", "NameError"}});
    case Opcode::LoadClosure:
    case Opcode::TupleItem:
    case Opcode::MethodSelf:
      return make(WorkKind::None, "reads a slot");
    case Opcode::LoadGlobal:
      return make(WorkKind::Guarded, "the global through its site cache (pyaot_load_global)",
                  {{"the globals' and builtins' dict version tags are the cached ones",
                    "the cached value, no dict lookup",
                    "look the name up in globals, then builtins; refill the cache"}});
    case Opcode::LoadAttr:
    case Opcode::StoreAttr:
      return make(WorkKind::Guarded,
                  std::string(i.op == Opcode::LoadAttr ? "reads" : "writes") +
                      " the attribute through its site cache (" + helper_of(i) + ")",
                  {{"type(" + name_of(i.operands[0]) +
                        ")'s version tag is one of the two cached ones",
                    "the attribute's place (inline values, __slots__, class attribute) without "
                    "a lookup",
                    "the generic attribute protocol (PyObject_GetAttr/SetAttr); refill the "
                    "cache"}});
    case Opcode::LoadMethod:
      return make(WorkKind::Guarded, "finds the method through its site cache (pyaot_load_method)",
                  {{"type(" + name_of(i.operands[0]) +
                        ")'s version tag (and shared keys) are the cached ones",
                    "the method itself, no bound method made",
                    "the generic lookup (_PyObject_GetMethod); refill the cache"}});
    case Opcode::TraceLine:
      return make(WorkKind::None, "a line event for a sys.settrace tracer (--trace-lines builds)",
                  {{"no tracer is set", "nothing more",
                    "locals written back, then the tracer called with the line"}});
    case Opcode::FrameHolds:
      return make(WorkKind::None, "no object: the frame holds the local (an input of frame-sync's phis)");
    case Opcode::IterNext:
      if (i.unboxed_result()) {
        return make(WorkKind::Unboxed, "counts a range loop in a 64-bit int (pyaot_range_next)",
                    {{name_of(i.operands[0]) + " is CPython's range iterator",
                      "the next item as a number, no int object",
                      "next() of whatever iterator it is, its item an object"}});
      }
      return make(WorkKind::Guarded, "next item through its site cache (pyaot_iter_next)",
                  {{"the iterator is a builtin one (range, list, tuple, ...) or a native "
                    "generator",
                    "the next item without the interpreter",
                    "tp_iternext, which may run Python code"}});
    case Opcode::GetItem:
      if (i.operands[1]->unboxed_result()) {
        return make(WorkKind::Guarded, "reads a list's or tuple's item at a number (pyaot_sequence_item)",
                    {{name_of(i.operands[0]) + " an exact list or tuple and the index in range",
                      "the item read directly; locals written back only otherwise",
                      "the index boxed and a[b] generic"}});
      }
      if (i.operands[0]->type.kind == TypeKind::List || i.operands[0]->type.kind == TypeKind::Tuple) {
        return make(WorkKind::Guarded, "indexes the list or tuple inline (pyaot_get_item)",
                    {{name_of(i.operands[1]) + " a small int index in range",
                      "the item read directly", "PyObject_GetItem"}});
      }
      return generic(i, "a[b] on a value of unknown type");
    case Opcode::GetSlice:
      return make(WorkKind::Guarded, "slices without a slice object (pyaot_get_slice)",
                  {{"an exact list, tuple or str with int bounds", "the slice copied directly",
                    "a slice object and PyObject_GetItem"}});
    case Opcode::IsTrue:
      if (i.operands[0]->type.kind == TypeKind::Bool || i.operands[0]->type.kind == TypeKind::NoneType) {
        return make(WorkKind::None, "truth of a bool or None, inline");
      }
      return make(WorkKind::Guarded, "truth test (pyaot_is_true)",
                  {{name_of(i.operands[0]) + " is True, False, None or an exact int",
                    "the truth without a call", "PyObject_IsTrue"}});
    case Opcode::CheckEvalBreaker:
      return make(WorkKind::None, "checks the eval breaker at a loop back-edge",
                  {{"the eval breaker is clear", "the loop goes on",
                    "hand the GIL to a waiting thread, run signal handlers"}});
    case Opcode::BoxNumber:
      return make(WorkKind::Boxing, "boxes a number held unboxed (an allocation when it is one)");

    // ---- operations that take a fast path on proven or checked types ---
    case Opcode::BinaryOp:
    case Opcode::InplaceOp:
      if (i.arithmetic != NumberKind::None) return unboxed_arithmetic(i);
      if (is_real_number_operands(i)) {
        return make(WorkKind::Guarded, "arithmetic on numbers (" + helper_of(i) + ")",
                    {{"small ints or floats", "the result without dispatch",
                      "PyNumber_* through the types' slots"}});
      }
      return generic(i, "arithmetic on values of unknown types");
    case Opcode::CompareBool:
      if (i.arithmetic != NumberKind::None) return unboxed_arithmetic(i);
      [[fallthrough]];
    case Opcode::Compare:
      if (uses_str_equality(i)) {
        return make(WorkKind::Guarded, "compares strs inline",
                    {{"both operands exact strs", "the comparison of their characters",
                      "PyObject_RichCompare"}});
      }
      if (is_real_number_operands(i)) {
        return make(WorkKind::Guarded, "compares numbers (" + helper_of(i) + ")",
                    {{"small ints or floats", "the comparison without dispatch",
                      "PyObject_RichCompare"}});
      }
      return generic(i, "a comparison of values of unknown types");
    case Opcode::Call:
      if (i.unboxed_result()) {
        return make(WorkKind::Guarded, "len(x) inline (pyaot_builtin_len)",
                    {{name_of(i.operands[0]) + " is the builtin len and " + name_of(i.operands[1]) +
                          " an exact list, tuple, dict, set, str or bytes",
                      "the length as a number; locals written back only otherwise",
                      "the generic call, its result an object"}});
      }
      return make(WorkKind::Generic,
                  "a call: vectorcall, or the callee's native body directly "
                  "(pyaot_call_positional, pyaot_call)",
                  {{"the callee is a native function of the package with its code unchanged "
                    "(call cache)",
                    "a direct call: its frame made on the C stack, no interpreter",
                    "vectorcall through the callee's type"}});
    case Opcode::CallMethod:
      if (is_list_append_call(i)) {
        return make(WorkKind::Guarded, "x.append(v) (pyaot_call_method_append)",
                    {{"self an exact list and the method list.append", "the item appended inline",
                      "the generic method call"}});
      }
      if (is_list_pop_call(i)) {
        return make(WorkKind::Guarded, "x.pop() (pyaot_call_method_pop)",
                    {{"self a non-empty exact list, the method list.pop",
                      "the last item taken inline", "the generic method call"}});
      }
      return make(WorkKind::Generic, "a method call (pyaot_call_method)",
                  {{"the method a native function of the package with its code unchanged "
                    "(call cache)",
                    "a direct call of its native body", "vectorcall"}});

    // ---- the generic path -------------------------------------------
    case Opcode::MakeFunction:
      return generic(i, "makes a function object");
    case Opcode::StoreGlobal:
    case Opcode::DeleteGlobal:
    case Opcode::LoadName:
    case Opcode::StoreName:
    case Opcode::DeleteName:
    case Opcode::LoadClassDeref:
    case Opcode::SetupAnnotations:
    case Opcode::ImportStar:
    case Opcode::LoadBuildClass:
    case Opcode::ImportName:
    case Opcode::ImportFrom:
    case Opcode::LoadString:
      return generic(i, "a namespace operation");
    case Opcode::UnaryOp:
      return generic(i, "a unary operator");
    case Opcode::Contains:
      return generic(i, "`in`");
    case Opcode::DeleteAttr:
      return generic(i, "deletes an attribute");
    case Opcode::SetItem: {
      const std::string into_box =
          i.operands[2]->unboxed_result() ? "; a number into the old item's box when only the list holds it" : "";
      return make(WorkKind::Guarded, "stores a list's item inline (pyaot_list_store)",
                  {{name_of(i.operands[0]) + " an exact list, " + name_of(i.operands[1]) +
                        " a small int in range, the old item dropped without running code",
                    "the item stored directly" + into_box,
                    "a[b] = v generic, locals written back first"}});
    }
    case Opcode::DeleteItem:
      return generic(i, "a[b] = v / del a[b]");
    case Opcode::BuildSlice:
      return generic(i, "makes a slice");
    case Opcode::CallEx:
      return generic(i, "a call with *args/**kwargs");
    case Opcode::ListAppend:
    case Opcode::ListExtend:
    case Opcode::SetAdd:
    case Opcode::SetUpdate:
    case Opcode::DictUpdate:
    case Opcode::DictMerge:
    case Opcode::ListToTuple:
      return generic(i, "updates a container of a display or call");
    case Opcode::BuildTuple:
    case Opcode::BuildList:
    case Opcode::BuildSet:
    case Opcode::BuildDict:
    case Opcode::BuildDictFromKeys:
    case Opcode::ListFromConstant:
    case Opcode::SetFromConstant:
    case Opcode::BuildString:
      return generic(i, "builds a container (an allocation)");
    case Opcode::FormatValue:
      return generic(i, "formats a value");
    case Opcode::GetIter:
      return generic(i, "iter()");
    case Opcode::UnpackSequence:
    case Opcode::Unpack:
      return generic(i, "unpacks an iterable");
    case Opcode::Raise:
    case Opcode::Reraise:
    case Opcode::ReraiseHandled:
    case Opcode::RaiseAssertion:
      return generic(i, "raises");
    case Opcode::BeforeWith:
    case Opcode::WithExceptStart:
    case Opcode::BeforeAsyncWith:
      return generic(i, "calls a context manager's method");
    case Opcode::ExceptionMatches:
      return generic(i, "matches an except clause");
    case Opcode::GetYieldFromIter:
    case Opcode::GetAwaitable:
    case Opcode::GetAIter:
    case Opcode::GetANext:
      return generic(i, "gets an iterator or awaitable");
    case Opcode::GetLen:
    case Opcode::MatchKeys:
    case Opcode::MatchClass:
      return generic(i, "a pattern's check");

    // ---- no call ------------------------------------------------------
    case Opcode::CatchException:
    case Opcode::PushExcInfo:
    case Opcode::PopExcInfo:
      return make(WorkKind::None, "moves the exception being handled");
    case Opcode::Identical:
    case Opcode::Not:
    case Opcode::ConstantBool:
    case Opcode::IsStopAsyncIteration:
    case Opcode::MatchSequence:
    case Opcode::MatchMapping:
      return make(WorkKind::None, "a test without a call");
    case Opcode::IncRef:
    case Opcode::DecRef:
      return make(WorkKind::Refcount, "a reference count change");
    case Opcode::Yield:
    case Opcode::YieldFrom:
      return make(WorkKind::Suspend, "suspends: saves the live values in the frame and returns "
                                     "to the trampoline, which yields");
    case Opcode::Phi:
    case Opcode::Jump:
    case Opcode::Branch:
    case Opcode::BranchIfNull:
    case Opcode::Return:
    case Opcode::Unreachable:
      return make(WorkKind::None, "control flow");
  }
  return make(WorkKind::Generic, "unknown op");
}

}  // namespace

std::string_view work_kind_name(WorkKind kind) {
  switch (kind) {
    case WorkKind::None:
      return "none";
    case WorkKind::Refcount:
      return "refcount";
    case WorkKind::Unboxed:
      return "unboxed";
    case WorkKind::Guarded:
      return "guarded";
    case WorkKind::Boxing:
      return "boxing";
    case WorkKind::Generic:
      return "generic";
    case WorkKind::Suspend:
      return "suspend";
  }
  return "?";
}

int work_cost(WorkKind kind) {
  switch (kind) {
    case WorkKind::None:
      return 0;
    case WorkKind::Refcount:
    case WorkKind::Unboxed:
      return 1;
    case WorkKind::Guarded:
      return 3;
    case WorkKind::Boxing:
      return 5;
    case WorkKind::Generic:
    case WorkKind::Suspend:
      return 10;
  }
  return 0;
}

Work work_of(const Instruction& i) {
  Work w = classify(i);
  if (!i.sync_slots.empty()) {
    // Locals held as numbers written back to the frame, each boxed: always
    // before an op that can run Python code, on the generic path only for
    // the ops frame-sync names.
    const bool always = !syncs_on_generic_path(i);
    if (always) w.cost += work_cost(WorkKind::Boxing) * static_cast<int>(i.sync_slots.size());
    w.what += "; writes back " + std::to_string(i.sync_slots.size()) +
              " local(s) held as numbers, boxed" + (always ? "" : ", on its generic path");
  }
  return w;
}

bool uses_str_equality(const Instruction& i) {
  const auto kind = static_cast<CompareKind>(i.index);
  return (kind == CompareKind::Eq || kind == CompareKind::Ne) &&
         (i.operands[0]->type.kind == TypeKind::Str || i.operands[1]->type.kind == TypeKind::Str);
}

bool is_list_append_call(const Instruction& i) {
  return i.op == Opcode::CallMethod && i.operands[0]->name == "append" &&
         i.operands.size() == 3 && i.kwnames < 0;
}

bool is_list_pop_call(const Instruction& i) {
  return i.op == Opcode::CallMethod && i.operands[0]->name == "pop" && i.operands.size() == 2 &&
         i.kwnames < 0;
}

}  // namespace pyaot::ir
