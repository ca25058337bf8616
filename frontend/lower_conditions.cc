// Lowering conditions and comparisons (FunctionLowerer of lowering.h): branches
// on a test (short-circuit and/or, not, fused comparisons, constant tests),
// and the values of and/or, comparison chains and `x if c else y`.

#include "frontend/lowering.h"

#include <optional>

namespace pyaot::frontend::lowering {
namespace {

// The rich comparison a Compare operator stands for (not is / in).
std::optional<ir::CompareKind> rich_comparison(NodeKind op) {
  switch (op) {
    case NodeKind::Lt: return ir::CompareKind::Lt;
    case NodeKind::LtE: return ir::CompareKind::Le;
    case NodeKind::Eq: return ir::CompareKind::Eq;
    case NodeKind::NotEq: return ir::CompareKind::Ne;
    case NodeKind::Gt: return ir::CompareKind::Gt;
    case NodeKind::GtE: return ir::CompareKind::Ge;
    default: return std::nullopt;
  }
}

}  // namespace

// Branches on the truth of `test`; `statement` is the if/while/assert,
// whose position CPython gives some of its condition jumps. After a
// comparison, CPython leaves the position at it: the condition's later
// jumps have the comparison's position.
void FunctionLowerer::branch_on(const Node& test, const Node& statement, BasicBlock* if_true,
                                BasicBlock* if_false) {
  if (condition_depth_++ == 0) last_comparison_ = nullptr;
  branch_on_parts(test, statement, if_true, if_false);
  --condition_depth_;
}

void FunctionLowerer::branch_on_parts(const Node& test, const Node& statement, BasicBlock* if_true,
                                      BasicBlock* if_false) {
  if (test.kind == NodeKind::Constant || is_debug_name(test)) {
    builder_.jump(is_debug_name(test) || constant_truth(test) ? if_true : if_false);
    return;
  }
  if (test.kind == NodeKind::IfExp) {  // each arm is a condition, as CPython compiles it
    BasicBlock* yes = function_.add_block();
    BasicBlock* no = function_.add_block();
    const Node& condition = *test.child("test");
    branch_on(condition, statement, yes, no);
    builder_.set_block(yes);
    branch_on(*test.child("body"), statement, if_true, if_false);
    builder_.set_block(no);
    branch_on(*test.child("orelse"), statement, if_true, if_false);
    return;
  }
  if (test.kind == NodeKind::UnaryOp && test.child("op")->kind == NodeKind::Not) {
    branch_on(*test.child("operand"), statement, if_false, if_true);
    return;
  }
  if (test.kind == NodeKind::BoolOp) {  // short-circuit jumps, as CPython compiles them
    const bool is_or = test.child("op")->kind == NodeKind::Or;
    const auto& values = test.list("values");
    for (size_t i = 0; i + 1 < values.size(); ++i) {
      const Node& value = *values[i].node;
      if (value.kind == NodeKind::Constant || is_debug_name(value)) {
        // A constant operand: CPython drops it, or what it short-circuits.
        if ((is_debug_name(value) || constant_truth(value)) == is_or) {
          builder_.jump(is_or ? if_true : if_false);
          return;
        }
        continue;
      }
      BasicBlock* next = function_.add_block();
      if (is_or) {
        branch_on(*values[i].node, statement, if_true, next);
      } else {
        branch_on(*values[i].node, statement, next, if_false);
      }
      builder_.set_block(next);
    }
    branch_on(*values.back().node, statement, if_true, if_false);
    return;
  }
  if (const Instruction* fused = compare_branch(test)) {
    index_.find(test, {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",  // fused in
                       "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE"});
    last_comparison_ = &test;
    builder_.branch(const_cast<Instruction*>(fused), if_true, if_false);
    return;
  }
  Instruction* value = expression(test);
  const BytecodeInstruction* jump = index_.find(
      test, {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
             "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "JUMP_IF_FALSE_OR_POP",
             "JUMP_IF_TRUE_OR_POP"});
  if (jump == nullptr) {
    jump = index_.find(last_comparison_ ? *last_comparison_ : statement,
                       {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
                        "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE"});
  }
  if (test.kind == NodeKind::Compare) last_comparison_ = &test;
  if (jump != nullptr) builder_.set_position(jump->line, jump->offset);
  builder_.branch(builder_.emit(Opcode::IsTrue, {value}), if_true, if_false);
}

// `a < b` tested by a branch: one op giving the truth, without the bool
// object (COMPARE_OP then POP_JUMP_IF_*; both have the comparison's
// position). Null for anything but one rich comparison.
Instruction* FunctionLowerer::compare_branch(const Node& test) {
  if (test.kind != NodeKind::Compare || test.list("ops").size() != 1) return nullptr;
  std::optional<ir::CompareKind> kind = rich_comparison(test.list("ops")[0].node->kind);
  if (!kind) return nullptr;
  Instruction* left = expression(*test.child("left"));
  Instruction* right = expression(*test.list("comparators")[0].node);
  at(test, {"COMPARE_OP"});
  Instruction* truth = builder_.emit(Opcode::CompareBool, {left, right});
  truth->index = static_cast<int>(*kind);
  return truth;
}

bool FunctionLowerer::constant_truth(const Node& constant) {
  using Kind = ast::Constant::Kind;
  const ast::Constant& c = *constant.constant("value");
  switch (c.kind) {
    case Kind::None:
    case Kind::False:
      return false;
    case Kind::True:
    case Kind::Ellipsis:
      return true;
    case Kind::Int:
      return c.text != "0";
    case Kind::Str:
    case Kind::Bytes:
      return !c.text.empty();
    default:
      unsupported("truth of a float or complex constant");
  }
}

// a and b / a or b: the value of the last operand evaluated.
Instruction* FunctionLowerer::bool_op(const Node& e) {
  const bool is_or = e.child("op")->kind == NodeKind::Or;
  const auto& values = e.list("values");
  BasicBlock* done = function_.add_block();
  std::vector<Instruction*> incoming;
  std::vector<BasicBlock*> from;
  for (size_t i = 0; i < values.size(); ++i) {
    const Node& value = *values[i].node;
    if (i + 1 < values.size() && (value.kind == NodeKind::Constant || is_debug_name(value))) {
      // A constant operand: CPython drops it, or keeps it as the result
      // when it short-circuits, dropping the rest.
      if ((is_debug_name(value) || constant_truth(value)) != is_or) continue;
      incoming.push_back(expression(value));
      from.push_back(builder_.block());
      builder_.jump(done);
      break;
    }
    Instruction* v = expression(value);
    if (i + 1 == values.size()) {
      incoming.push_back(v);
      from.push_back(builder_.block());
      builder_.jump(done);
      break;
    }
    BasicBlock* next = function_.add_block();
    at(e, {is_or ? "JUMP_IF_TRUE_OR_POP" : "JUMP_IF_FALSE_OR_POP", "*"});
    Instruction* truth = builder_.emit(Opcode::IsTrue, {v});
    incoming.push_back(v);
    from.push_back(builder_.block());
    if (is_or) {
      builder_.branch(truth, done, next);
    } else {
      builder_.branch(truth, next, done);
    }
    builder_.set_block(next);
  }
  builder_.set_block(done);
  Instruction* phi = builder_.emit(Opcode::Phi, incoming);
  phi->targets = from;
  return phi;
}

Instruction* FunctionLowerer::compare(const Node& e) {
  const auto& ops = e.list("ops");
  const auto& rights = e.list("comparators");
  Instruction* left = expression(*e.child("left"));
  // The last operand of `in`/`not in` is folded as an iterable (fold_compare).
  auto comparator = [&](size_t i) {
    const NodeKind op = ops[i].node->kind;
    const bool folds = i + 1 == ops.size() && (op == NodeKind::In || op == NodeKind::NotIn);
    return folds ? iterable(*rights[i].node) : expression(*rights[i].node);
  };
  if (ops.size() == 1) return compare_one(e, ops[0].node->kind, left, comparator(0));
  // a < b < c: stop at the first false comparison, whose value is the result.
  BasicBlock* done = function_.add_block();
  std::vector<Instruction*> incoming;
  std::vector<BasicBlock*> from;
  for (size_t i = 0; i < ops.size(); ++i) {
    Instruction* right = comparator(i);
    Instruction* result = compare_one(e, ops[i].node->kind, left, right);
    incoming.push_back(result);
    from.push_back(builder_.block());
    if (i + 1 == ops.size()) {
      builder_.jump(done);
      break;
    }
    BasicBlock* next = function_.add_block();
    builder_.branch(builder_.emit(Opcode::IsTrue, {result}), next, done);
    builder_.set_block(next);
    left = right;
  }
  builder_.set_block(done);
  Instruction* phi = builder_.emit(Opcode::Phi, incoming);
  phi->targets = from;
  return phi;
}

Instruction* FunctionLowerer::compare_one(const Node& e, NodeKind op, Instruction* a,
                                          Instruction* b) {
  switch (op) {
    case NodeKind::Is:
    case NodeKind::IsNot: {
      Instruction* same = builder_.emit(Opcode::Identical, {a, b});
      if (op == NodeKind::IsNot) same = builder_.emit(Opcode::Not, {same});
      return builder_.emit(Opcode::LoadBool, {same});
    }
    case NodeKind::In:
    case NodeKind::NotIn: {
      at(e, {"CONTAINS_OP"});
      Instruction* in = builder_.emit(Opcode::Contains, {b, a});
      if (op == NodeKind::NotIn) in = builder_.emit(Opcode::Not, {in});
      return builder_.emit(Opcode::LoadBool, {in});
    }
    default: {
      at(e, {"COMPARE_OP"});
      Instruction* r = builder_.emit(Opcode::Compare, {a, b});
      r->index = static_cast<int>(*rich_comparison(op));
      return r;
    }
  }
}

Instruction* FunctionLowerer::if_expression(const Node& e) {
  BasicBlock* yes = function_.add_block();
  BasicBlock* no = function_.add_block();
  branch_on(*e.child("test"), e, yes, no);
  if (!reachable(yes) || !reachable(no)) {  // a constant test: CPython compiles one arm
    const bool body_runs = reachable(yes);
    builder_.set_block(body_runs ? no : yes);
    builder_.emit(Opcode::Unreachable);
    builder_.set_block(body_runs ? yes : no);
    return expression(*e.child(body_runs ? "body" : "orelse"));
  }
  BasicBlock* done = function_.add_block();
  builder_.set_block(yes);
  Instruction* a = expression(*e.child("body"));
  BasicBlock* a_end = builder_.block();
  builder_.jump(done);
  builder_.set_block(no);
  Instruction* b = expression(*e.child("orelse"));
  BasicBlock* b_end = builder_.block();
  builder_.jump(done);
  builder_.set_block(done);
  Instruction* phi = builder_.emit(Opcode::Phi, {a, b});
  phi->targets = {a_end, b_end};
  return phi;
}

}  // namespace pyaot::frontend::lowering
