#include "ir/ir.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace pyaot::ir {
namespace {

constexpr ResultKind None = ResultKind::None;
constexpr ResultKind Object = ResultKind::Object;
constexpr ResultKind MaybeObject = ResultKind::MaybeObject;
constexpr ResultKind Bool = ResultKind::Bool;
constexpr ErrorKind Never = ErrorKind::Never;
constexpr ErrorKind Null = ErrorKind::Null;
constexpr ErrorKind Negative = ErrorKind::Negative;
constexpr ErrorKind Always = ErrorKind::Always;
constexpr ErrorKind Custom = ErrorKind::Custom;

constexpr OpInfo kOps[] = {
#define PYAOT_IR_OP(name, result, errors, steals, operands, helper, helper_args, doc) \
  {#name, result, errors, steals, operands, helper, helper_args, doc},
#include "ir/ops.def"
#undef PYAOT_IR_OP
};

}  // namespace

const OpInfo& op_info(Opcode op) { return kOps[static_cast<size_t>(op)]; }

std::optional<Opcode> opcode_named(std::string_view name) {
  for (size_t k = 0; k < std::size(kOps); ++k) {
    if (kOps[k].name == name) return static_cast<Opcode>(k);
  }
  return std::nullopt;
}

constexpr std::string_view kNumberKindNames[] = {"object", "f64", "i64"};

std::string_view number_kind_name(NumberKind kind) {
  return kNumberKindNames[static_cast<size_t>(kind)];
}

std::optional<NumberKind> number_kind_named(std::string_view name) {
  for (size_t k = 1; k < std::size(kNumberKindNames); ++k) {
    if (kNumberKindNames[k] == name) return static_cast<NumberKind>(k);
  }
  return std::nullopt;
}

std::string_view binary_symbol(BinaryKind kind) {
  static constexpr std::string_view kSymbols[] = {"+", "&", "//", "<<", "@", "*", "%",
                                                  "|", "**", ">>", "-", "/", "^"};
  return kSymbols[static_cast<size_t>(kind)];
}

std::string_view unary_symbol(UnaryKind kind) {
  static constexpr std::string_view kSymbols[] = {"-", "+", "~"};
  return kSymbols[static_cast<size_t>(kind)];
}

std::string_view compare_symbol(CompareKind kind) {
  static constexpr std::string_view kSymbols[] = {"<", "<=", "==", "!=", ">", ">="};
  return kSymbols[static_cast<size_t>(kind)];
}

bool Instruction::is_terminator() const {
  return op == Opcode::Jump || op == Opcode::Branch || op == Opcode::BranchIfNull ||
         op == Opcode::Return || op == Opcode::Unreachable;
}

Instruction* BasicBlock::terminator() const {
  if (instructions.empty() || !instructions.back()->is_terminator()) return nullptr;
  return instructions.back().get();
}

std::vector<BasicBlock*> BasicBlock::successors() const {
  Instruction* term = terminator();
  std::vector<BasicBlock*> out = term ? term->targets : std::vector<BasicBlock*>{};
  for (const auto& i : instructions) {
    if (i->unwind && std::find(out.begin(), out.end(), i->unwind) == out.end()) {
      out.push_back(i->unwind);
    }
  }
  return out;
}

BasicBlock* Function::add_block() {
  blocks.push_back(std::make_unique<BasicBlock>());
  blocks.back()->id = static_cast<int>(blocks.size()) - 1;
  return blocks.back().get();
}

bool Function::has_predecessor(const BasicBlock* block) const {
  for (auto b = blocks.rbegin(); b != blocks.rend(); ++b) {
    for (BasicBlock* s : (*b)->successors()) {
      if (s == block) return true;
    }
  }
  return false;
}

std::vector<BasicBlock*> Function::predecessors(const BasicBlock* block) const {
  std::vector<BasicBlock*> out;
  for (const auto& b : blocks) {
    for (BasicBlock* s : b->successors()) {
      if (s == block) {
        out.push_back(b.get());
        break;
      }
    }
  }
  return out;
}

Instruction* Builder::emit(Opcode op, std::vector<Instruction*> operands) {
  auto instruction = std::make_unique<Instruction>();
  instruction->op = op;
  instruction->type.repr = instruction->natural_repr();
  instruction->operands = std::move(operands);
  instruction->line = line_;
  instruction->bytecode_offset = offset_;
  if (instruction->info().can_fail()) instruction->unwind = unwind_;
  if (instruction->has_result()) instruction->id = function_.next_value_id++;
  Instruction* raw = instruction.get();
  block_->instructions.push_back(std::move(instruction));
  return raw;
}

Instruction* Builder::jump(BasicBlock* target) {
  Instruction* j = emit(Opcode::Jump);
  j->targets = {target};
  return j;
}

Instruction* Builder::branch(Instruction* condition, BasicBlock* if_true, BasicBlock* if_false) {
  Instruction* b = emit(Opcode::Branch, {condition});
  b->targets = {if_true, if_false};
  return b;
}

bool Builder::block_is_terminated() const { return block_->terminator() != nullptr; }

Instruction* insert_before(Function& function, BasicBlock* block, size_t at, Opcode op,
                           std::vector<Instruction*> operands) {
  auto instruction = std::make_unique<Instruction>();
  instruction->op = op;
  instruction->type.repr = instruction->natural_repr();
  instruction->operands = std::move(operands);
  if (instruction->has_result()) instruction->id = function.next_value_id++;
  if (at < block->instructions.size()) {
    instruction->line = block->instructions[at]->line;
    instruction->bytecode_offset = block->instructions[at]->bytecode_offset;
  }
  Instruction* raw = instruction.get();
  block->instructions.insert(block->instructions.begin() + static_cast<long>(at),
                             std::move(instruction));
  return raw;
}

}  // namespace pyaot::ir
