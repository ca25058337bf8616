// The lowerer's private interface (the frontend's is lower.h): one
// FunctionLowerer per function, lambda, comprehension, class or module body
// turns its AST into IR, op by op at the CPython instruction each op stands
// for. Its members are defined in one file per construct, as clang splits
// CodeGenFunction:
//
//   lower.cc                 lower_module: sites matched to code objects, one
//                            lowerer each; instruction positions, names
//   instruction_index.h      which CPython instruction stands for an AST node
//   lower_namespaces.cc      class and module bodies (__module__, __doc__...)
//   lower_comprehensions.cc  comprehensions: the call and the nested body
//   lower_functions.cc       def, lambda and class objects (MAKE_FUNCTION)
//   lower_statements.cc      statements: assignments, del, import, if, assert,
//                            return, break, continue
//   lower_loops.cc           while, for, async for, their else blocks, back edges
//   lower_exceptions.cc      try/except/finally, raise, leaving them early
//   lower_with.cc            with, async with
//   lower_match.cc           match statements and patterns
//   lower_expressions.cc     expressions: constants, names, attributes,
//                            subscripts, operators, await
//   lower_conditions.cc      branches on a test, and/or, comparisons, x if c else y
//   lower_calls.cc           calls, *args and **kwargs
//   lower_displays.cc        tuple, list, set and dict displays
//   lower_strings.cc         f-strings and %-formatting
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"
#include "frontend/instruction_index.h"
#include "frontend/python_parser.h"
#include "ir/ir.h"

namespace pyaot::frontend::lowering {

using ast::Node;
using ast::NodeKind;
using ir::BasicBlock;
using ir::Instruction;
using ir::Opcode;

// What the lowerer cannot lower yet: the function falls back to bytecode.
struct Unsupported {
  std::string reason;
};

[[noreturn]] inline void unsupported(const std::string& reason) { throw Unsupported{reason}; }

// co_flags, as CPython's Include/cpython/code.h names them.
constexpr int kCoVarargs = 0x04;              // CO_VARARGS
constexpr int kCoVarkeywords = 0x08;          // CO_VARKEYWORDS
constexpr int kCoGenerator = 0x20;            // CO_GENERATOR
constexpr int kCoCoroutine = 0x80;            // CO_COROUTINE
constexpr int kCoIterableCoroutine = 0x100;   // CO_ITERABLE_COROUTINE
constexpr int kCoAsyncGenerator = 0x200;      // CO_ASYNC_GENERATOR
constexpr int kFutureAnnotationsFlag = 0x1000000;  // CO_FUTURE_ANNOTATIONS
// Bodies that suspend: generators, coroutines and async generators.
constexpr int kSuspendingFlags = kCoGenerator | kCoCoroutine | kCoIterableCoroutine | kCoAsyncGenerator;
constexpr int kCoroutineFlags = kCoCoroutine | kCoIterableCoroutine;

inline std::string describe(const Node& node) {
  return std::string(ast::node_kind_name(node.kind)) + " at line " +
         std::to_string(node.range.line);
}

struct Loop {
  BasicBlock* continue_target;
  BasicBlock* break_target;
  size_t active_clauses;  // except clauses already open when the loop began
  BasicBlock* unwind;     // where errors of the loop's own code go
};

// An except clause being lowered: leaving it early (return, break,
// continue) must restore sys.exception() and unbind its name, as CPython's
// compiler does when it unwinds a handler block.
struct ActiveClause {
  Instruction* previous_exception;  // except clause: sys.exception() to restore
  std::string name;
  Instruction* exception;  // the one being handled: what a bare `raise` raises
  // A with block instead: its bound __exit__, the statement, and the
  // handler that was active around it (where an error of __exit__ goes).
  Instruction* exit = nullptr;
  const Node* with_statement = nullptr;
  BasicBlock* outer_unwind = nullptr;
  // A try/finally body instead: the finally block to run on the way out.
  const std::vector<ast::Value>* finally_body = nullptr;
};

// Lowers one function (or lambda, comprehension, class or module body)
// into `function`; throws Unsupported for what it cannot lower yet.
class FunctionLowerer {
 public:
  // trace_lines: statements CPython compiles to a NOP or a jump alone get a
  // TraceLine of their own (ir/trace_lines.h places the others).
  FunctionLowerer(const Node& def, const CodeObjectInfo& code, ir::Function& function,
                  const std::string& class_name, bool trace_lines = false);
  void lower();

 private:
  // A binding a pattern made, stored once the whole pattern matched.
  struct Capture {
    std::string name;
    Instruction* value;
  };
  using Captures = std::vector<Capture>;

  // lower.cc: instruction positions, names, blocks
  const BytecodeInstruction& at(const Node& node, std::initializer_list<std::string_view> opnames);
  // As at, but nullptr (the position unchanged) where CPython compiled none.
  const BytecodeInstruction* at_if_compiled(const Node& node,
                                            std::initializer_list<std::string_view> opnames);
  const BytecodeInstruction& next(std::string_view opname, const Node& node);
  std::string mangle(std::string_view name) const;
  std::string identifier(const Node& node, const char* field) const;
  int name_index(const std::string& name, const Node& node);
  bool reachable(BasicBlock* block) const;
  void seal_if_unreachable(BasicBlock* block);

  // lower_namespaces.cc
  void namespace_body();
  void store_in_namespace(const std::string& name, Instruction* value);
  static bool is_docstring(const Node& s);
  void annotated_assign_in_namespace(const Node& s);

  // lower_comprehensions.cc
  void comprehension_body();
  void comprehension_loop(size_t k, Instruction* result);
  Instruction* comprehension(const Node& e);

  // lower_statements.cc
  void body(const std::vector<ast::Value>& statements);
  void statement(const Node& s);
  Instruction* import_name(const Node& s);
  Instruction* import_from(const Node& s, Instruction* module);
  bool parallel_assign(const Node& s);
  void store_name(const std::string& name, const Node& node, Instruction* value);
  void store(const Node& target, Instruction* value);
  void unpack_to_targets(const Node& target, Instruction* value);
  void delete_target(const Node& target);
  void augmented_assign(const Node& s);
  void if_statement(const Node& s);
  void assert_statement(const Node& s);

  // lower_functions.cc
  std::vector<Instruction*> decorators(const Node& def);
  Instruction* decorate(const Node& def, const std::vector<Instruction*>& decorators,
                        Instruction* target);
  void class_definition(const Node& s);
  Instruction* make_function(const Node& e);
  Instruction* annotation_tuple(const Node& def, const Node& args);
  Instruction* default_tuple(const Node& e, const std::vector<ast::Value>& values);
  Instruction* keyword_defaults(const Node& e, const Node& args);

  // lower_loops.cc
  template <typename Position>
  Instruction* async_next_item(Instruction* iterator, BasicBlock* exhausted,
                               Position&& position);
  void while_statement(const Node& s);
  void for_statement(const Node& s);
  void async_for_statement(const Node& s);
  void loop_body_and_else(const Node& s, BasicBlock* header, BasicBlock* orelse,
                          BasicBlock* done);
  void back_edge(BasicBlock* header);
  void continue_statement(const Node& s);
  void check_eval_breaker_after(const Instruction& last);

  // lower_exceptions.cc
  void try_statement(const Node& s);
  void try_except(const Node& s);
  void restore_and_reraise(Instruction* previous, Instruction* exception);
  void emit_handler_cleanup(BasicBlock* cleanup, Instruction* previous);
  bool leave_clauses(size_t keep, const Node& at_statement);
  void unbind(const std::string& name, const Node& clause);
  void raise_statement(const Node& s);

  // lower_with.cc
  void with_statement(const Node& s, size_t item_index);
  void call_exit(const Node& with, Instruction* exit);

  // lower_match.cc
  void match_statement(const Node& s);
  static bool is_wildcard(const Node& p);
  void pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures);
  void match_or_fail(Instruction* matched, BasicBlock* fail);
  void match_or_fail_if_null(Instruction* result, BasicBlock* fail);
  Instruction* load_constant(const BytecodeInstruction* load, const Node& node);
  void length_check(const Node& p, Instruction* subject, ir::CompareKind kind, BasicBlock* fail);
  void sequence_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures);
  void mapping_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures);
  void class_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures);
  void or_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures);

  // lower_conditions.cc
  void branch_on(const Node& test, const Node& statement, BasicBlock* if_true,
                 BasicBlock* if_false);
  void branch_on_parts(const Node& test, const Node& statement, BasicBlock* if_true,
                       BasicBlock* if_false);
  Instruction* compare_branch(const Node& test);
  static bool constant_truth(const Node& constant);
  Instruction* bool_op(const Node& e);
  Instruction* compare(const Node& e);
  Instruction* compare_one(const Node& e, NodeKind op, Instruction* a, Instruction* b);
  Instruction* if_expression(const Node& e);

  // lower_expressions.cc
  Instruction* expression(const Node& e);
  Instruction* name_load(const Node& e);
  Instruction* attribute_load(const Node& e, Instruction* object,
                              std::initializer_list<std::string_view> opnames);
  Instruction* attribute_load_at(const Node& e, Instruction* object,
                                 const BytecodeInstruction& load, Opcode op = Opcode::LoadAttr);
  Instruction* slice_part(const Node& slice, const char* field);
  Instruction* slice_object(const Node& slice);
  Instruction* unary(const Node& e);
  static ir::BinaryKind binary_kind(const Node& op);
  Instruction* await_value(const Node& node, Instruction* value, int kind);
  Instruction* iterable(const Node& e);
  Instruction* folded_tuple(const Node& node, const char* what);
  static bool is_constant_tree(const Node& e);
  static ir::TypeKind constant_type(const std::string& type_name);
  static bool is_debug_name(const Node& e);
  bool is_str_constant(int index, const std::string& text) const;

  // lower_strings.cc
  Instruction* percent_format(const Node& e);
  Instruction* joined_string(const Node& e);
  Instruction* formatted_value(const Node& part);

  // lower_calls.cc
  Instruction* call(const Node& e);
  static Range moved_to_attribute(const Node& node, const Node& attribute);
  Instruction* call_with_unpacking(const Node& e, Instruction* function);

  // lower_displays.cc
  Instruction* display(const Node& e);
  Instruction* starred_display(const Node& e);
  Instruction* dict_display_with_unpacking(const Node& e);
  Instruction* dict_display(const Node& e);

  const Node& def_;
  const CodeObjectInfo& code_;
  ir::Function& function_;
  ir::Builder builder_;
  InstructionIndex index_;
  std::map<std::string, int> slots_;
  std::set<std::string> cells_;
  std::map<std::string, int> names_;
  std::vector<Loop> loops_;
  std::vector<ActiveClause> clauses_;
  std::string class_name_;  // the innermost enclosing class, for mangling
  bool trace_lines_;
  // A class or module body keeps its names in the frame's namespace
  // (f_locals): LOAD_NAME, STORE_NAME... instead of fast locals.
  const bool namespace_scope_ =
      def_.kind == NodeKind::ClassDef || def_.kind == NodeKind::Module;
  int cursor_ = -1;  // the last instruction lowered, in code order (comprehension bodies)
  const Node* pattern_position_ = nullptr;  // the pattern CPython compiled last
  int condition_depth_ = 0;  // branch_on calls under way
  const Node* last_comparison_ = nullptr;  // of the condition being lowered
};

// (A template, so defined here: async for loops and async comprehensions use it.)
// The next item of async iterator `iterator`: __anext__() awaited, with
// StopAsyncIteration raised there going to `exhausted` (END_ASYNC_FOR)
// and any other error on. `position(opname)` points the frame at each
// CPython instruction. Continues in a new block that has the item.
template <typename Position>
Instruction* FunctionLowerer::async_next_item(Instruction* iterator, BasicBlock* exhausted,
                                              Position&& position) {
  BasicBlock* end = function_.add_block();
  BasicBlock* got = function_.add_block();
  BasicBlock* outer = builder_.unwind();
  builder_.set_unwind(end);
  position("GET_ANEXT");
  Instruction* awaitable = builder_.emit(Opcode::GetANext, {iterator});
  position("SEND");
  Instruction* item = builder_.emit(Opcode::YieldFrom, {awaitable});
  builder_.set_unwind(outer);
  builder_.jump(got);

  builder_.set_block(end);
  Instruction* exception = builder_.emit(Opcode::CatchException);
  position("END_ASYNC_FOR");
  BasicBlock* reraise = function_.add_block();
  builder_.branch(builder_.emit(Opcode::IsStopAsyncIteration, {exception}), exhausted, reraise);
  builder_.set_block(reraise);
  builder_.emit(Opcode::Reraise, {exception});
  builder_.emit(Opcode::Unreachable);
  builder_.set_block(got);
  return item;
}

}  // namespace pyaot::frontend::lowering
