#include "ir/unbox_locals.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "ir/cfg.h"
#include "ir/unbox_arithmetic.h"

namespace pyaot::ir {
namespace {

bool is_int_only(BinaryKind kind) {
  return kind != BinaryKind::Add && kind != BinaryKind::Subtract &&
         kind != BinaryKind::Multiply && kind != BinaryKind::TrueDivide &&
         kind != BinaryKind::Power && kind != BinaryKind::MatMul;
}

class WebFinder {
 public:
  explicit WebFinder(Function& f) : f_(f) {}

  void run() {
    const std::set<std::int64_t> promoted(f_.promoted_slots.begin(), f_.promoted_slots.end());
    // Members: the phis promote-locals made, arithmetic ops, and the next()
    // of a loop over range(...), whose items are ints (while `range` is the
    // builtin: backend/emit_native.cc checks the iterator's type).
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (is_arithmetic(*i) || iterates_range(*i) || calls_len(*i) ||
            (i->op == Opcode::Phi && !i->name.empty() && promoted.count(i->index))) {
          parent_[i.get()] = i.get();
        }
      }
    }
    std::set<const Instruction*> stored;  // values stored into a promoted local
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (i->op == Opcode::StoreFast && promoted.count(i->index)) stored.insert(i->operands[0]);
      }
    }
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (!parent_.count(i.get())) continue;
        // A phi joins its incoming values; arithmetic joins arithmetic
        // feeding it, unless that is a local's value. A local read by
        // another web's op stays in its own web (that op converts or boxes
        // it if their numbers differ).
        for (Instruction* v : i->operands) {
          if (!parent_.count(v)) continue;
          if (i->op == Opcode::Phi || (computes_numbers(*i) && computes_numbers(*v) && !stored.count(v))) {
            unite(i.get(), v);
          }
        }
      }
    }
    // What each web's ops and operands say.
    std::map<Instruction*, bool> says_float, says_int, holds_local;
    for (auto& [member, unused] : parent_) {
      Instruction* web = find(member);
      // A builtin's number (len(x)) is worth keeping for its users too.
      holds_local[web] |= stored.count(member) != 0 || member->op == Opcode::Phi ||
                          calls_len(*member);
      says_int[web] |= iterates_range(*member) || calls_len(*member);
      if (is_arithmetic(*member)) {
        const auto kind = static_cast<BinaryKind>(member->index);
        says_float[web] |= kind == BinaryKind::TrueDivide;
        says_int[web] |= is_int_only(kind);
      }
      for (const Instruction* v : member->operands) {
        says_float[web] |= v->type.kind == TypeKind::Float;
        says_int[web] |= v->type.kind == TypeKind::Int || v->type.kind == TypeKind::Bool;
      }
    }
    // A web that says nothing itself takes what the arithmetic it feeds or
    // is fed by says (dx = x1 - x2, then dx * dx ** -1.5: floats), ...
    std::map<Instruction*, Instruction*> expression;  // union-find over all members
    for (auto& [member, unused] : parent_) expression[member] = member;
    auto expression_of = [&](Instruction* v) {
      while (expression[v] != v) v = expression[v] = expression[expression[v]];
      return v;
    };
    for (auto& [member, unused] : parent_) {
      for (Instruction* v : member->operands) {
        if (parent_.count(v)) expression[expression_of(member)] = expression_of(v);
      }
    }
    std::map<Instruction*, bool> expression_says_float, expression_says_int;
    for (auto& [member, unused] : parent_) {
      Instruction* web = find(member);
      expression_says_float[expression_of(member)] |= says_float[web];
      expression_says_int[expression_of(member)] |= says_int[web];
    }
    std::map<Instruction*, NumberKind> numbers;  // member -> its web's numbers
    for (auto& [member, unused] : parent_) {
      Instruction* web = find(member);
      if (!holds_local[web]) continue;  // no local: ir/unbox_arithmetic.h's trees serve
      // ... when the expression says one thing only.
      const bool inherits = !says_float[web] && !says_int[web] &&
                            expression_says_float[expression_of(web)] !=
                                expression_says_int[expression_of(web)];
      const bool floats = says_float[web] || (inherits && expression_says_float[expression_of(web)]);
      const bool ints = says_int[web] || (inherits && expression_says_int[expression_of(web)]);
      const NumberKind kind = floats ? NumberKind::Float
                              : ints ? NumberKind::Int
                                     : NumberKind::None;
      if (kind == NumberKind::None) continue;
      if (is_arithmetic(*member) && (!unboxes_in(*member, kind) || on_non_numbers(*member))) {
        continue;
      }
      if ((iterates_range(*member) || calls_len(*member)) && kind != NumberKind::Int) continue;
      numbers[member] = kind;
    }
    drop_webs_that_box(numbers, promoted);
    for (auto& [member, kind] : numbers) {
      member->arithmetic = kind;
      member->type.repr = kind == NumberKind::Float ? Repr::F64 : Repr::I64;
    }
    box_other_uses(numbers, promoted);
    drop_unused_phis(promoted);
  }

 private:
  // promote-locals made a phi wherever a local is bound; those of boxed
  // locals that no load reads serve nobody (frame-sync needs only the
  // unboxed ones).
  void drop_unused_phis(const std::set<std::int64_t>& promoted) {
    bool changed = true;
    while (changed) {
      changed = false;
      std::map<const Instruction*, int> uses;
      for (const auto& block : f_.blocks) {
        for (const auto& i : block->instructions) {
          for (const Instruction* v : i->operands) {
            if (v != i.get()) ++uses[v];
          }
        }
      }
      for (const auto& block : f_.blocks) {
        auto& list = block->instructions;
        const size_t before = list.size();
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const std::unique_ptr<Instruction>& i) {
                                    return i->op == Opcode::Phi && !i->name.empty() &&
                                           promoted.count(i->index) && !i->unboxed_result() &&
                                           uses[i.get()] == 0;
                                  }),
                   list.end());
        changed |= list.size() != before;
      }
    }
  }

  Instruction* find(Instruction* v) {
    while (parent_[v] != v) v = parent_[v] = parent_[parent_[v]];
    return v;
  }
  void unite(Instruction* a, Instruction* b) { parent_[find(a)] = find(b); }

  // Arithmetic that can compute in doubles or 64-bit ints (not `**`, `@`):
  // one that cannot boxes its operands and joins no web.
  static bool computes_numbers(const Instruction& i) {
    return unboxes_in(i, NumberKind::Float) || unboxes_in(i, NumberKind::Int);
  }

  // Whether `i` calls the global `name` with `arguments` positional ones.
  static bool calls_global(const Instruction& i, std::string_view name, size_t arguments) {
    return i.op == Opcode::Call && i.kwnames == -1 && i.operands.size() == arguments + 1 &&
           i.operands[0]->op == Opcode::LoadGlobal && i.operands[0]->name == name;
  }

  // len(x), an int while `len` is the builtin (backend/emit_native.cc checks).
  static bool calls_len(const Instruction& i) { return calls_global(i, "len", 1); }

  // next() of the iterator of range(...): `for i in range(a, b)`.
  static bool iterates_range(const Instruction& i) {
    if (i.op != Opcode::IterNext || i.operands[0]->op != Opcode::GetIter) return false;
    const Instruction* call = i.operands[0]->operands[0];
    return calls_global(*call, "range", 1) || calls_global(*call, "range", 2) ||
           calls_global(*call, "range", 3);
  }

  // `[x] * n`, `s % args`: an operand known to be no number.
  static bool on_non_numbers(const Instruction& op) {
    for (const Instruction* v : op.operands) {
      if (v->type.kind != TypeKind::Object && v->type.kind != TypeKind::Bottom &&
          !is_real_number(v->type.kind)) {
        return true;
      }
    }
    return false;
  }

  // A web pays when its numbers are boxed less often than they are made:
  // boxed by a return, or by a use in a shallower loop than the web's
  // deepest member (a sum boxed once after the loop that computed it). One
  // that a call, a container or an index needs as an object inside its own
  // loop would box them as often as the generic code does, and then some.
  // Those webs stay boxed (until such uses take numbers themselves).
  void drop_webs_that_box(std::map<Instruction*, NumberKind>& numbers,
                          const std::set<std::int64_t>& promoted) {
    choose_op_kinds(numbers);
    const std::map<const BasicBlock*, int> depth = loop_depths(f_);
    std::map<const Instruction*, const BasicBlock*> home;
    for (const auto& block : f_.blocks)
      for (const auto& i : block->instructions) home[i.get()] = block.get();
    std::map<Instruction*, int> web_depth;
    for (auto& [member, kind] : numbers) {
      int& d = web_depth.try_emplace(find(member), 0).first->second;
      d = std::max(d, depth.at(home.at(member)));
    }
    std::set<Instruction*> boxing_webs;
    for (const auto& block : f_.blocks) {
      for (const auto& user : block->instructions) {
        for (size_t k = 0; k < user->operands.size(); ++k) {
          Instruction* v = user->operands[k];
          auto found = numbers.find(v);
          if (found == numbers.end() || user->op == Opcode::Return) continue;
          if (takes_number(*user, k, found->second, numbers, promoted)) continue;
          Instruction* web = find(v);
          // A phi's operand is boxed at the end of its incoming block.
          const BasicBlock* at = user->op == Opcode::Phi ? user->targets[k] : block.get();
          if (depth.at(at) >= web_depth[web]) boxing_webs.insert(web);
        }
      }
    }
    for (auto it = numbers.begin(); it != numbers.end();) {
      it = boxing_webs.count(find(it->first)) ? numbers.erase(it) : std::next(it);
    }
  }

  // Uses of web values that take them as they are: ops computing in the
  // same numbers, stores into promoted locals, phis of the same web kind.
  // Any other use reads a BoxNumber.
  void box_other_uses(const std::map<Instruction*, NumberKind>& numbers,
                      const std::set<std::int64_t>& promoted) {
    choose_op_kinds(numbers);
    for (const auto& block : f_.blocks) {
      auto& list = block->instructions;
      for (size_t at = 0; at < list.size(); ++at) {
        Instruction* user = list[at].get();
        for (size_t k = 0; k < user->operands.size(); ++k) {
          Instruction* v = user->operands[k];
          auto found = numbers.find(v);
          if (found == numbers.end()) continue;
          const NumberKind kind = found->second;
          if (takes_number(*user, k, kind, numbers, promoted)) {
            auto chosen = op_kinds_.find(user);
            if (user->arithmetic == NumberKind::None && chosen != op_kinds_.end()) {
              user->arithmetic = chosen->second;
            }
            continue;
          }
          if (user->op == Opcode::Phi) {
            BasicBlock* pred = user->targets[k];
            user->operands[k] =
                box_before(*pred, pred->instructions.size() - 1, v, kind, handler_at_end(*pred));
          } else {
            user->operands[k] = box_before(*block, at, v, kind, user->unwind);
            ++at;  // past the box, back at `user`
          }
        }
      }
    }
  }

  // The numbers an op outside every web computes in when web values feed
  // it: doubles if a float web's value does and it can, else 64-bit ints.
  void choose_op_kinds(const std::map<Instruction*, NumberKind>& numbers) {
    op_kinds_.clear();
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (numbers.count(i.get()) || i->arithmetic != NumberKind::None) continue;
        if (!is_arithmetic(*i) && i->op != Opcode::CompareBool) continue;
        bool floats = false, ints = false;
        for (Instruction* v : i->operands) {
          auto found = numbers.find(v);
          if (found == numbers.end()) continue;
          floats |= found->second == NumberKind::Float;
          ints |= found->second == NumberKind::Int;
        }
        const bool compare = i->op == Opcode::CompareBool;
        if (floats && (compare || unboxes_in(*i, NumberKind::Float))) {
          op_kinds_[i.get()] = NumberKind::Float;
        } else if ((floats || ints) && (compare || unboxes_in(*i, NumberKind::Int))) {
          op_kinds_[i.get()] = NumberKind::Int;
        }
      }
    }
  }

  // Whether `user` takes a number of `kind` as its operand as it is. A
  // float op takes an int one too, converted to a double as CPython's
  // float arithmetic converts it (its other operand then must be no int
  // web's: int + int is no float op); a comparison mixing a float web and
  // an int one compares the float's number with the int boxed (an exact
  // comparison of big ints is the generic path's).
  bool takes_number(const Instruction& user, size_t position, NumberKind kind,
                    const std::map<Instruction*, NumberKind>& numbers,
                    const std::set<std::int64_t>& promoted) const {
    auto kind_of = [&](const Instruction* v) {
      auto found = numbers.find(const_cast<Instruction*>(v));
      return found != numbers.end() ? found->second : NumberKind::None;
    };
    auto chosen = op_kinds_.find(&user);
    const NumberKind user_kind = kind_of(&user) != NumberKind::None ? kind_of(&user)
                                 : chosen != op_kinds_.end()        ? chosen->second
                                                                    : user.arithmetic;
    switch (user.op) {
      case Opcode::BinaryOp:
      case Opcode::InplaceOp: {
        if (user_kind == NumberKind::None || user_kind == kind) return unboxes_in(user, kind);
        if (user_kind != NumberKind::Float || kind != NumberKind::Int) return false;
        return unboxes_in(user, NumberKind::Float) && (kind_of(user.operands[0]) != NumberKind::Int ||
                                                       kind_of(user.operands[1]) != NumberKind::Int);
      }
      case Opcode::CompareBool:
        if (user_kind != NumberKind::None) return user_kind == kind;
        return kind == NumberKind::Float || (kind_of(user.operands[0]) != NumberKind::Float &&
                                             kind_of(user.operands[1]) != NumberKind::Float);
      case Opcode::StoreFast:
        return promoted.count(user.index) != 0;
      case Opcode::Phi:
        return kind_of(&user) == kind;
      case Opcode::BranchIfNull:  // whether a range loop's next() had an item
        return iterates_range(*user.operands[0]);
      case Opcode::GetItem:  // a[i]: a list's or tuple's item read at the number
      case Opcode::SetItem:  // a[i] = v: at the number i; v boxed, or into its old box
        if (position == 2) return stores_number(user, *user.operands[2]);
        return position == 1 && kind == NumberKind::Int && indexes_by(user, *user.operands[1]);
      default:
        return false;
    }
  }

  // Where an error at the end of `block` goes: the handler of its last op
  // that can fail (the try it is in), else out of the function.
  static BasicBlock* handler_at_end(const BasicBlock& block) {
    for (auto it = block.instructions.rbegin(); it != block.instructions.rend(); ++it) {
      if ((*it)->can_fail()) return (*it)->unwind;
    }
    return nullptr;
  }

  Instruction* box_before(BasicBlock& block, size_t at, Instruction* v, NumberKind kind,
                          BasicBlock* handler) {
    Instruction* box = insert_before(f_, &block, at, Opcode::BoxNumber, {v});
    box->arithmetic = kind;
    box->type.kind = v->type.kind;
    box->unwind = handler;
    return box;
  }

  Function& f_;
  std::map<Instruction*, Instruction*> parent_;  // union-find over members
  std::map<const Instruction*, NumberKind> op_kinds_;  // choose_op_kinds()
};

}  // namespace

void unbox_locals(Function& function) {
  if (function.promoted_slots.empty()) return;
  WebFinder(function).run();
}

}  // namespace pyaot::ir
