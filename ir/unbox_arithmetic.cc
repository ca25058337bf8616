#include "ir/unbox_arithmetic.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace pyaot::ir {
namespace {

class TreeFinder {
 public:
  explicit TreeFinder(Function& f) : f_(f) {}

  // Arithmetic whose only use (reference counting aside) is an operand of
  // arithmetic later in its block, grouped into trees. A tree is kept in
  // ints when its literals or operators say ints (7, %, //, &, ...) and
  // none say floats (1.5, /); otherwise in doubles.
  void run() {
    std::map<const Instruction*, const BasicBlock*> home;
    for (const auto& block : f_.blocks)
      for (const auto& i : block->instructions) home[i.get()] = block.get();
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        for (const Instruction* v : i->operands) {
          if (i->op == Opcode::DecRef) continue;
          ++uses_[v];
          user_[v] = i.get();
          if (i->op == Opcode::IncRef || home[v] != block.get()) disqualified_.insert(v);
        }
        // A value kept across a yield is saved as an object.
        for (const Instruction* v : i->live_across) disqualified_.insert(v);
      }
    }
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        Instruction* root = i.get();
        if (root->op == Opcode::GetItem || root->op == Opcode::SetItem) {
          mark_item_trees(*root);
          continue;
        }
        if (root->op == Opcode::StoreAttr) {
          mark_stored_tree(*root->operands[1], /*needs_a_number=*/true);
          continue;
        }
        if ((!is_arithmetic(*root) && root->op != Opcode::CompareBool) ||
            candidate(root, NumberKind::Int) || candidate(root, NumberKind::Float)) {
          continue;  // not arithmetic or a comparison, or not the top of its tree
        }
        mark_root(root);
      }
    }
  }

 private:
  // The tree under `root`, whose result stays an object.
  void mark_root(Instruction* root) {
    bool says_int = false, says_float = false;
    collect_tree(root, says_int, says_float);
    // A root unbox-locals already gave a kind keeps it.
    const NumberKind kind = root->arithmetic != NumberKind::None ? root->arithmetic
                            : says_int && !says_float             ? NumberKind::Int
                                                                  : NumberKind::Float;
    if (std::none_of(root->operands.begin(), root->operands.end(), [&](const Instruction* v) {
          return candidate(v, kind) || (kind == NumberKind::Float && converts_int_tree(*root, *v));
        })) {
      return;  // a lone op: the generic helper's own fast paths serve it best
    }
    mark_tree(root, kind);
  }

  bool candidate(const Instruction* p, NumberKind kind) {
    return unboxes_in(*p, kind) && !disqualified_.count(p) && uses_[p] == 1 &&
           (p->arithmetic == NumberKind::None || p->arithmetic == kind) &&
           (unboxes_in(*user_[p], kind) || user_[p]->op == Opcode::CompareBool ||
            stores_number(*user_[p], *p) || (kind == NumberKind::Int && indexes_by(*user_[p], *p)));
  }

  // a[i] and a[i] = v with arithmetic as i or v: an int index is read as a
  // number (pyaot_sequence_item, pyaot_list_store); a stored number goes
  // into the old item's box or is boxed (pyaot_list_store_float/int). Even
  // a lone op pays here, unlike a lone op whose result is an object.
  void mark_item_trees(Instruction& access) {
    Instruction* index = access.operands[1];
    if (candidate(index, NumberKind::Int)) mark_operand_tree(index, NumberKind::Int);
    if (access.op == Opcode::SetItem) mark_stored_tree(*access.operands[2]);
  }

  // The arithmetic `value` of a[i] = v or a.name = v: stored as a number.
  // `needs_a_number`: only when a literal or a known type says int or
  // float (an attribute is as often a str: self.name = first + last).
  void mark_stored_tree(Instruction& value, bool needs_a_number = false) {
    bool says_int = false, says_float = false;
    if (value.arithmetic == NumberKind::None) collect_tree(&value, says_int, says_float);
    if (needs_a_number && value.arithmetic == NumberKind::None && !says_int && !says_float) {
      if (candidate(&value, NumberKind::Float)) mark_root(&value);  // stored as an object
      return;
    }
    const NumberKind kind = value.arithmetic != NumberKind::None ? value.arithmetic
                            : says_int && !says_float            ? NumberKind::Int
                                                                 : NumberKind::Float;
    if (candidate(&value, kind)) mark_operand_tree(&value, kind);
  }

  void mark_operand_tree(Instruction* root, NumberKind kind) {
    root->type.repr = kind == NumberKind::Float ? Repr::F64 : Repr::I64;
    mark_tree(root, kind);
  }

  // Every op of the tree under `op` that stays a number in `kind`.
  void mark_tree(Instruction* op, NumberKind kind) {
    op->arithmetic = kind;
    for (Instruction* operand : op->operands) {
      if (kind == NumberKind::Float && says_int_below(*op, *operand)) {
        mark_tree(operand, NumberKind::Int);  // then read as a double, as below
      }
      if (kind == NumberKind::Float && converts_int_tree(*op, *operand)) {
        operand->type.repr = Repr::I64;  // read as a double, as a float op converts an int
        if (operand->arithmetic == NumberKind::None) mark_tree(operand, NumberKind::Int);
        continue;
      }
      if (!candidate(operand, kind)) continue;
      operand->type.repr = kind == NumberKind::Float ? Repr::F64 : Repr::I64;
      mark_tree(operand, kind);
    }
  }

  // An int tree (an int-only op: 1.0 / (n // 2), or a tree marked before
  // its user) whose number a float op reads converted, beside an operand
  // that is no int: never int op int, whose true division is no double
  // division.
  // `int_tree`: `operand` is about to be marked an int tree.
  bool converts_int_tree(const Instruction& op, const Instruction& operand,
                         bool int_tree = false) {
    const bool int_only = operand.arithmetic == NumberKind::None &&
                          unboxes_in(operand, NumberKind::Int) &&
                          (int_tree || !unboxes_in(operand, NumberKind::Float));
    if (!unboxes_in(op, NumberKind::Float) || !is_arithmetic(operand) ||
        (operand.arithmetic != NumberKind::Int && !int_only) ||
        operand.type.repr != Repr::Boxed || disqualified_.count(&operand) ||
        uses_[&operand] != 1 || op.operands.size() != 2) {
      return false;
    }
    const Instruction* other = op.operands[0] == &operand ? op.operands[1] : op.operands[0];
    return other != &operand && other->type.kind != TypeKind::Int &&
           other->type.repr != Repr::I64 && other->arithmetic != NumberKind::Int;
  }

  // A + - * operand of float op `op` whose own subtree computes in ints:
  // in 1.0 / (n * (n + 1) // 2 + i), the sum below the division. The whole
  // tree says float, yet the sum's operands are an int-only op's result,
  // an unknown and an int literal: in doubles, its guard would fail each
  // time. An int-only operator or a value known to be an int (not a mere
  // literal: 2 * x is as often a float) is needed below, and no float.
  bool says_int_below(const Instruction& op, const Instruction& operand) {
    if (operand.arithmetic != NumberKind::None || !unboxes_in(operand, NumberKind::Int) ||
        !unboxes_in(operand, NumberKind::Float)) {
      return false;
    }
    bool says_int = false, says_float = false, says_int_strongly = false;
    collect_tree(&operand, says_int, says_float, &says_int_strongly);
    return says_int_strongly && !says_float && converts_int_tree(op, operand, /*int_tree=*/true);
  }

  // What the literals and operators of the tree under `op` (operands that
  // could stay numbers in either kind) suggest; `says_int_strongly`: an
  // int-only operator or a non-literal int among them.
  void collect_tree(const Instruction* op, bool& says_int, bool& says_float,
                    bool* says_int_strongly = nullptr) {
    if (is_arithmetic(*op)) {
      const auto kind = static_cast<BinaryKind>(op->index);
      says_float |= kind == BinaryKind::TrueDivide;
      const bool int_only = kind != BinaryKind::Add && kind != BinaryKind::Subtract &&
                            kind != BinaryKind::Multiply && kind != BinaryKind::TrueDivide &&
                            kind != BinaryKind::Power;
      says_int |= int_only;
      if (says_int_strongly != nullptr) *says_int_strongly |= int_only;
    }
    for (const Instruction* operand : op->operands) {
      says_int |= operand->type.kind == TypeKind::Int;
      says_float |= operand->type.kind == TypeKind::Float;
      if (says_int_strongly != nullptr && operand->op != Opcode::LoadConst) {
        *says_int_strongly |= operand->type.kind == TypeKind::Int;
      }
      if (candidate(operand, NumberKind::Int) || candidate(operand, NumberKind::Float)) {
        collect_tree(operand, says_int, says_float, says_int_strongly);
      }
    }
  }

  Function& f_;
  std::map<const Instruction*, int> uses_;
  std::map<const Instruction*, const Instruction*> user_;
  std::set<const Instruction*> disqualified_;
};

}  // namespace

bool is_arithmetic(const Instruction& i) {
  return i.op == Opcode::BinaryOp || i.op == Opcode::InplaceOp;
}

bool stores_number(const Instruction& store, const Instruction& value) {
  if (store.op == Opcode::StoreAttr) {
    return store.operands[1] == &value && store.operands[0] != &value;
  }
  return store.op == Opcode::SetItem && store.operands[2] == &value &&
         store.operands[0] != &value && store.operands[1] != &value;
}

bool indexes_by(const Instruction& access, const Instruction& index) {
  return (access.op == Opcode::GetItem || access.op == Opcode::SetItem) &&
         access.operands[1] == &index && access.operands[0] != &index &&
         (access.op == Opcode::GetItem || access.operands[2] != &index);
}

bool unboxes_in(const Instruction& i, NumberKind kind) {
  if (!is_arithmetic(i)) return false;
  switch (static_cast<BinaryKind>(i.index)) {
    case BinaryKind::Add:
    case BinaryKind::Subtract:
    case BinaryKind::Multiply:
      return true;
    case BinaryKind::TrueDivide:
    case BinaryKind::Power:  // an int power may be a float or a huge int
      return kind == NumberKind::Float;
    case BinaryKind::FloorDivide:
    case BinaryKind::Remainder:
    case BinaryKind::And:
    case BinaryKind::Or:
    case BinaryKind::Xor:
    case BinaryKind::LShift:
    case BinaryKind::RShift:
      return kind == NumberKind::Int;
    default:
      return false;
  }
}

void select_unboxed_arithmetic(Function& function) {
  if (function.compiled_fast) return;  // ir/compiled_fast.h
  TreeFinder(function).run();
}

}  // namespace pyaot::ir
