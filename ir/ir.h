// The IR: typed SSA over CPython objects, one function at a time.
//
// In: built by the frontend's lowerer (frontend/lowering.h) from the AST.
// Out: read by backend/ to emit LLVM IR. It includes no LLVM and no Python
// AST header.
//
// Shape (mypyc-like, see ../shared/STYLE.md):
// - An Instruction is its own value (like llvm::Instruction). Operations are
//   listed once in ops.def with their result kind, how they fail (ErrorKind),
//   which operands they steal, their operand kinds (the verifier checks
//   them) and the runtime helper that implements them, with its arguments
//   (the backend lowers most ops from that row alone).
// - A BasicBlock is a list of instructions ending in exactly one terminator
//   (Jump, Branch, BranchIfNull, Return); Phis come first.
// - Reference counts are explicit: every Object result is an owned
//   reference. The refcount pass (refcount.h) inserts IncRef/DecRef and
//   records, on each instruction that can fail, the owned values to release
//   on its error path. Error checks are not written by hand: the backend
//   emits them for every op that can fail, as its ErrorKind says.
// - Each instruction carries its source line and the bytecode offset of the
//   CPython instruction it stands for, so a traceback entry points at the
//   same position (and carets) as the interpreter's.
//
// Around it: the passes run in the order of pipeline.h; the text form
// (printer.h, parser.h) round-trips, so `pyaot_opt [--passes=a,b] FILE.ir`
// runs passes on text. Tests as text: ir/testdata (IR in, passes, IR out)
// and frontend/testdata/lower (Python in, IR as lowered); regenerate their
// expected files with `bash scripts/update_golden.sh` (ir/text_test.py).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/types.h"

namespace pyaot::ir {

enum class Opcode : std::uint8_t {
#define PYAOT_IR_OP(name, result, errors, steals, operands, helper, helper_args, doc) name,
#include "ir/ops.def"
#undef PYAOT_IR_OP
};

enum class ResultKind : std::uint8_t { None, Object, MaybeObject, Bool };

// How an op fails, which is how its runtime helper reports an error (ops.def).
enum class ErrorKind : std::uint8_t { Never, Null, Negative, Always, Custom };

struct OpInfo {
  std::string_view name;
  ResultKind result;
  ErrorKind errors;
  unsigned steals;  // bit i: operand i's reference is taken over
  std::string_view operands;     // operand kinds, for the verifier: o, b, ? and *
  std::string_view helper;       // the runtime_shim function, or "" (emitter's own code)
  std::string_view helper_args;  // the helper's arguments (ops.def's vocabulary)
  std::string_view doc;

  bool can_fail() const { return errors != ErrorKind::Never; }
};

const OpInfo& op_info(Opcode op);
// The op printed as `name` (op_info(op).name), if there is one.
std::optional<Opcode> opcode_named(std::string_view name);

// The unboxed number an arithmetic op computes in (ir/unbox_arithmetic.h):
// doubles or 64-bit ints, printed f64 and i64.
enum class NumberKind : std::uint8_t { None, Float, Int };
std::string_view number_kind_name(NumberKind kind);
std::optional<NumberKind> number_kind_named(std::string_view name);  // f64, i64

// Operator kinds of BinaryOp/InplaceOp (CPython's NB_* order), UnaryOp and Compare.
enum class BinaryKind : std::uint8_t {
  Add, And, FloorDivide, LShift, MatMul, Multiply, Remainder, Or, Power, RShift, Subtract,
  TrueDivide, Xor,
};
enum class UnaryKind : std::uint8_t { Negative, Positive, Invert };
enum class CompareKind : std::uint8_t { Lt, Le, Eq, Ne, Gt, Ge };  // Py_LT..Py_GE
std::string_view binary_symbol(BinaryKind kind);
std::string_view unary_symbol(UnaryKind kind);
std::string_view compare_symbol(CompareKind kind);

// MakeFunction's flags (MAKE_FUNCTION's oparg): which optional operands
// follow the code object, in the order closure, annotations, kwdefaults,
// defaults.
enum MakeFunctionFlag : std::int64_t {
  kHasDefaults = 0x01,
  kHasKwDefaults = 0x02,
  kHasAnnotations = 0x04,
  kHasClosure = 0x08,
};

struct BasicBlock;

struct Instruction {
  Opcode op;
  int id = -1;  // value number, for printing; -1 when the op has no result
  Type type;  // ir/types.h: set by the lowering for constants, then by infer-types
  std::vector<Instruction*> operands;

  // Immediates; which ones an op uses is stated in ops.def's printed form.
  std::int64_t index = 0;       // const index, local slot, name index, operator kind, count
  std::string name;             // the local/global/attribute name, for printing and errors
  std::int64_t kwnames = -1;    // Call/CallMethod: const index of the kwnames tuple, or -1
  std::vector<std::int64_t> slots;  // UnpackSequence targets
  std::vector<BasicBlock*> targets;  // terminators; Phi: the incoming blocks
  // Where an error of this op goes: the handler of the enclosing try, or
  // nullptr to leave the function. An edge of the CFG like the targets.
  BasicBlock* unwind = nullptr;

  int line = 0;              // source line
  int bytecode_offset = -1;  // the CPython instruction (in code units) it stands for
  bool borrowed_local = false;  // LoadFast whose result is borrowed (set by the refcount pass)
  bool known_bound = false;     // LoadFast of a slot bound on every path (ir/bound_locals.h)
  // Set by the unbox-arithmetic pass (ir/unbox_arithmetic.h): the number
  // this op computes in when its operands are such numbers. Its result then
  // stays that number for its one user (the object NULL) when the pass gave
  // it an unboxed representation (type.repr, see unboxed_result()).
  NumberKind arithmetic = NumberKind::None;

  // Set by the frame-sync pass (ir/frame_sync.h): the promoted locals held
  // as unboxed numbers that the frame lacks here, written back before this
  // op can run Python code or leave (slot k: sync_slots[k], value: sync_values[k]).
  std::vector<std::int64_t> sync_slots;
  std::vector<Instruction*> sync_values;

  // Set by the refcount pass on ops that can fail: owned values to release
  // on the error path.
  std::vector<Instruction*> error_cleanup;
  // Set by the suspend pass on Yield/YieldFrom (whose index becomes the
  // resume state, 1..n): the values that must survive the suspension.
  std::vector<Instruction*> live_across;

  const OpInfo& info() const { return op_info(op); }
  // Whether this op can raise: its op's rule, unless proven otherwise.
  bool can_fail() const { return info().can_fail() && !known_bound; }
  bool is_terminator() const;
  bool has_result() const { return info().result != ResultKind::None; }
  // The result is a PyObject* (possibly NULL for MaybeObject).
  bool is_object() const {
    return info().result == ResultKind::Object || info().result == ResultKind::MaybeObject;
  }
  // Borrowed results hold no reference of their own: constants (kept by
  // the code object) and local loads the refcount pass proves are used
  // before the slot can change.
  bool is_borrowed() const {
    return op == Opcode::LoadConst || op == Opcode::LoadNone || borrowed_local;
  }
  bool is_owned_object() const { return is_object() && !is_borrowed(); }
  bool steals(size_t operand) const { return (info().steals >> operand) & 1u; }
  // The representation this op's result has unless a pass chose another.
  Repr natural_repr() const {
    return info().result == ResultKind::Bool ? Repr::I1 : Repr::Boxed;
  }
  // An object result kept as an unboxed number for its user.
  bool unboxed_result() const { return is_object() && type.repr != Repr::Boxed; }
};

struct BasicBlock {
  int id = 0;
  std::vector<std::unique_ptr<Instruction>> instructions;

  Instruction* terminator() const;
  // The terminator's targets, then the handlers its instructions unwind to.
  std::vector<BasicBlock*> successors() const;
};

struct Function {
  std::string qualname;
  std::string module;     // the module's runtime name
  std::string filename;
  int first_line = 0;     // co_firstlineno
  std::vector<std::string> local_names;  // co_varnames (slots), for printing
  int argument_slots = 0;  // the leading slots bound by the call (parameters)
  // A generator or coroutine body: it suspends at Yield/YieldFrom, keeping
  // its state and the values live across in `suspend_slots` stack slots of
  // its frame (set by the suspend pass).
  bool is_generator = false;
  bool is_async_generator = false;  // its Yields hand values to the consumer (wrapped)
  bool runs_once = false;  // a module or class body: not worth optimizing
  bool compiled_fast = false;  // ir/compiled_fast.h: runs once, or large and loopless
  int suspend_slots = 0;
  // Slots whose loads read SSA values (ir/promote_locals.h), ascending.
  std::vector<std::int64_t> promoted_slots;
  std::vector<std::unique_ptr<BasicBlock>> blocks;  // blocks[0] is the entry
  int next_value_id = 0;

  BasicBlock* add_block();
  // Instructions that jump to `block`.
  std::vector<BasicBlock*> predecessors(const BasicBlock* block) const;
  // Whether any block jumps to `block`: the newest blocks are looked at
  // first, where a block being built finds its jumps (lowering asks this
  // of every join it makes).
  bool has_predecessor(const BasicBlock* block) const;
};

// Appends instructions at the end of a block.
class Builder {
 public:
  explicit Builder(Function& function) : function_(function) {}
  void set_block(BasicBlock* block) { block_ = block; }
  BasicBlock* block() const { return block_; }
  void set_position(int line, int bytecode_offset) {
    line_ = line;
    offset_ = bytecode_offset;
  }
  // Ops that can fail unwind to `handler` (nullptr: out of the function).
  void set_unwind(BasicBlock* handler) { unwind_ = handler; }
  BasicBlock* unwind() const { return unwind_; }
  // Appends an op with these operands; the caller fills immediates.
  Instruction* emit(Opcode op, std::vector<Instruction*> operands = {});
  Instruction* jump(BasicBlock* target);
  Instruction* branch(Instruction* condition, BasicBlock* if_true, BasicBlock* if_false);
  bool block_is_terminated() const;

 private:
  Function& function_;
  BasicBlock* block_ = nullptr;
  int line_ = 0;
  int offset_ = -1;
  BasicBlock* unwind_ = nullptr;
};

// Inserts an instruction before position `at` of `block`; used by passes.
Instruction* insert_before(Function& function, BasicBlock* block, size_t at, Opcode op,
                           std::vector<Instruction*> operands);

}  // namespace pyaot::ir
