#include "ir/verifier.h"

#include <map>
#include <set>

#include "ir/cfg.h"
#include "ir/printer.h"

namespace pyaot::ir {
namespace {

bool has_kind(const Instruction* v, char kind) {
  return kind == 'b' ? v->info().result == ResultKind::Bool : v->is_object();
}

// Whether the operands fit the op's operand kinds (ops.def: o, b, then an
// optional `?` or `*`).
bool operands_fit(const Instruction& i) {
  std::string_view kinds = i.info().operands;
  size_t next = 0;
  for (size_t k = 0; k < kinds.size(); ++k) {
    const char kind = kinds[k];
    const char quantifier = k + 1 < kinds.size() ? kinds[k + 1] : '\0';
    if (quantifier == '*') {
      while (next < i.operands.size() && has_kind(i.operands[next], kind)) ++next;
      ++k;
    } else if (quantifier == '?') {
      if (next < i.operands.size() && has_kind(i.operands[next], kind)) ++next;
      ++k;
    } else if (next < i.operands.size() && has_kind(i.operands[next], kind)) {
      ++next;
    } else {
      return false;
    }
  }
  return next == i.operands.size();
}

// LoadMethod's second output is read from where its helper wrote it
// (ops.def, second_output): MethodSelf `b.instructions[k]` must follow its
// LoadMethod in the block, with nothing between that suspends the body.
bool reads_its_load_method(const BasicBlock& b, size_t k) {
  const Instruction* self = b.instructions[k].get();
  if (self->operands.size() != 1 || self->operands[0]->op != Opcode::LoadMethod) return false;
  for (size_t n = k; n-- > 0;) {
    const Instruction* before = b.instructions[n].get();
    if (before == self->operands[0]) return true;
    if (before->op == Opcode::Yield || before->op == Opcode::YieldFrom) return false;
  }
  return false;
}

bool calls_a_loaded_method(const Instruction& call) {
  return call.operands.size() >= 2 && call.operands[0]->op == Opcode::LoadMethod &&
         call.operands[1]->op == Opcode::MethodSelf && call.operands[1]->operands.size() == 1 &&
         call.operands[1]->operands[0] == call.operands[0];
}

}  // namespace

std::vector<std::string> verify(const Function& f, Stage stage) {
  std::vector<std::string> errors;
  auto fail = [&](const BasicBlock& b, const Instruction* i, const std::string& what) {
    std::string where = f.qualname + ": bb" + std::to_string(b.id);
    if (i) where += " " + std::string(i->info().name) + (i->id >= 0 ? " r" + std::to_string(i->id) : "");
    errors.push_back(where + ": " + what);
  };
  if (f.blocks.empty()) return {f.qualname + ": no blocks"};

  std::map<const Instruction*, std::pair<const BasicBlock*, size_t>> defined_at;
  for (const auto& b : f.blocks) {
    for (size_t k = 0; k < b->instructions.size(); ++k) {
      defined_at[b->instructions[k].get()] = {b.get(), k};
    }
  }
  Predecessors preds = all_predecessors(f);
  const DominatorTree dom(f, preds);

  for (const auto& block : f.blocks) {
    const BasicBlock& b = *block;
    if (b.instructions.empty() || !b.instructions.back()->is_terminator()) {
      fail(b, nullptr, "does not end with a terminator");
    }
    bool phis_done = false;
    for (size_t k = 0; k < b.instructions.size(); ++k) {
      const Instruction* i = b.instructions[k].get();
      if (i->is_terminator() && k + 1 != b.instructions.size()) {
        fail(b, i, "terminator in the middle of a block");
      }
      if (i->op == Opcode::Phi) {
        if (phis_done) fail(b, i, "phi after a non-phi instruction");
        const auto& block_preds = preds[&b];
        if (i->operands.size() != i->targets.size()) fail(b, i, "phi operands and blocks differ");
        if (i->targets.size() != block_preds.size()) fail(b, i, "phi does not cover every predecessor");
        for (BasicBlock* from : i->targets) {
          bool is_pred = false;
          for (const BasicBlock* p : block_preds) is_pred |= p == from;
          if (!is_pred) fail(b, i, "phi names a block that is not a predecessor");
        }
      } else {
        phis_done = true;
      }
      if (stage == Stage::BeforeRefcounts &&
          (i->op == Opcode::IncRef || i->op == Opcode::DecRef)) {
        fail(b, i, "reference counts before the refcount pass");
      }
      if ((i->op == Opcode::Yield || i->op == Opcode::YieldFrom) && !f.is_generator) {
        fail(b, i, "a suspension outside a generator or coroutine");
      }
      size_t want_targets = i->op == Opcode::Jump                                      ? 1
                            : i->op == Opcode::Branch || i->op == Opcode::BranchIfNull ? 2
                                                                                       : 0;
      if (i->op != Opcode::Phi && i->targets.size() != want_targets) {
        fail(b, i, "wrong number of successor blocks");
      }
      if (i->op == Opcode::MethodSelf && !reads_its_load_method(b, k)) {
        fail(b, i, "not after its LoadMethod in the same block, with no suspension between");
      }
      if (i->op == Opcode::CallMethod && !calls_a_loaded_method(*i)) {
        fail(b, i, "its method and self are not a LoadMethod and that one's MethodSelf");
      }
      if (!operands_fit(*i)) {
        fail(b, i, "operands do not fit its kinds (" + std::string(i->info().operands) + ")");
      }
      for (size_t n = 0; n < i->operands.size(); ++n) {
        const Instruction* operand = i->operands[n];
        auto found = defined_at.find(operand);
        if (found == defined_at.end()) {
          fail(b, i, "operand is not an instruction of this function");
          continue;
        }
        if (!operand->has_result()) fail(b, i, "operand has no value");
        if (i->op == Opcode::Phi) {
          // Defined in a block that dominates the incoming edge's block.
          if (!dom.dominates(found->second.first, i->targets[n])) {
            fail(b, i, "phi operand does not dominate its incoming block");
          }
          continue;
        }
        const BasicBlock* def_block = found->second.first;
        if (def_block == &b ? found->second.second >= k : !dom.dominates(def_block, &b)) {
          fail(b, i, "operand r" + std::to_string(operand->id) + " does not dominate its use");
        }
      }
    }
  }
  return errors;
}

}  // namespace pyaot::ir
