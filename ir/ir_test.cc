#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "ir/bound_locals.h"
#include "ir/infer_types.h"
#include "ir/ir.h"
#include "ir/cfg.h"
#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/refcount.h"
#include "ir/type_rules.h"
#include "ir/verifier.h"

using namespace pyaot::ir;

namespace {

std::unique_ptr<Function> new_function(const char* name) {
  auto f = std::make_unique<Function>();
  f->qualname = name;
  f->module = "m";
  f->filename = "m.py";
  f->first_line = 1;
  return f;
}

Instruction* load_fast(Builder& b, int slot, const char* name) {
  Instruction* i = b.emit(Opcode::LoadFast);
  i->index = slot;
  i->name = name;
  return i;
}

// An owned value: a global's value is a new reference.
Instruction* load_global(Builder& b, const char* name) {
  Instruction* i = b.emit(Opcode::LoadGlobal);
  i->name = name;
  return i;
}

// def f(): return A + B  (or, with locals, def f(a, b): return a + b)
std::unique_ptr<Function> add_function(bool locals) {
  auto f = new_function("add");
  Builder b(*f);
  b.set_block(f->add_block());
  b.set_position(2, 3);
  Instruction* a = locals ? load_fast(b, 0, "a") : load_global(b, "A");
  Instruction* c = locals ? load_fast(b, 1, "b") : load_global(b, "B");
  Instruction* sum = b.emit(Opcode::BinaryOp, {a, c});
  sum->index = static_cast<int>(BinaryKind::Add);
  b.emit(Opcode::Return, {sum});
  return f;
}

int count(const Function& f, Opcode op) {
  int n = 0;
  for (const auto& block : f.blocks)
    for (const auto& i : block->instructions) n += i->op == op;
  return n;
}

}  // namespace

TEST_CASE("the ops table answers the same questions for every op") {
  CHECK(op_info(Opcode::LoadFast).can_fail());
  CHECK(op_info(Opcode::Return).steals == 1u);
  CHECK(op_info(Opcode::StoreFast).steals == 1u);
  CHECK(op_info(Opcode::IsTrue).result == ResultKind::Bool);
  CHECK(op_info(Opcode::IterNext).result == ResultKind::MaybeObject);
  CHECK(op_info(Opcode::BinaryOp).name == "BinaryOp");
  CHECK(op_info(Opcode::BinaryOp).errors == ErrorKind::Null);
  CHECK(op_info(Opcode::SetItem).errors == ErrorKind::Negative);
  CHECK(op_info(Opcode::Raise).errors == ErrorKind::Always);
  CHECK_FALSE(op_info(Opcode::Identical).can_fail());
  CHECK(op_info(Opcode::GetItem).helper == "pyaot_get_item");
}

TEST_CASE("the type lattice joins to object") {
  CHECK(join(TypeKind::Int, TypeKind::Int) == TypeKind::Int);
  CHECK(join(TypeKind::Int, TypeKind::Float) == TypeKind::Object);
  CHECK(join(TypeKind::Bottom, TypeKind::Float) == TypeKind::Float);
  CHECK(join(TypeKind::Str, TypeKind::Bottom) == TypeKind::Str);
  CHECK(join(TypeKind::Object, TypeKind::Bottom) == TypeKind::Object);
  CHECK(type_name(TypeKind::Dict) == "dict");
  CHECK(type_named("None") == TypeKind::NoneType);
  CHECK(repr_named("f64") == Repr::F64);
}

TEST_CASE("type rules: exact builtins only, Object when a user type could answer") {
  CHECK(binary_result_kind(BinaryKind::Add, TypeKind::Int, TypeKind::Int) == TypeKind::Int);
  CHECK(binary_result_kind(BinaryKind::TrueDivide, TypeKind::Int, TypeKind::Int) == TypeKind::Float);
  CHECK(binary_result_kind(BinaryKind::Power, TypeKind::Int, TypeKind::Int) == TypeKind::Object);
  CHECK(binary_result_kind(BinaryKind::Multiply, TypeKind::Float, TypeKind::Bool) == TypeKind::Float);
  CHECK(binary_result_kind(BinaryKind::Power, TypeKind::Float, TypeKind::Float) == TypeKind::Object);
  CHECK(binary_result_kind(BinaryKind::And, TypeKind::Bool, TypeKind::Bool) == TypeKind::Bool);
  CHECK(binary_result_kind(BinaryKind::Add, TypeKind::Bool, TypeKind::Bool) == TypeKind::Int);
  CHECK(binary_result_kind(BinaryKind::Multiply, TypeKind::Str, TypeKind::Int) == TypeKind::Str);
  CHECK(binary_result_kind(BinaryKind::Add, TypeKind::List, TypeKind::Tuple) == TypeKind::Object);
  CHECK(binary_result_kind(BinaryKind::Add, TypeKind::Object, TypeKind::Int) == TypeKind::Object);
  CHECK(binary_result_kind(BinaryKind::Add, TypeKind::Bottom, TypeKind::Int) == TypeKind::Bottom);
}

TEST_CASE("infer-types: slot types flow along paths and join at merges") {
  const std::string text =
      "def m.f  # m.py:1\n"
      "  # module: m\n"
      "  # arguments: 1\n"
      "  # locals: 0=n 1=x\n"
      "bb0:\n"
      "  r0:float = LoadConst #1\n"
      "  StoreFast x[1] r0\n"
      "  Jump bb1\n"
      "bb1:\n"
      "  r1 = LoadFast x[1]\n"
      "  r2 = LoadFast n[0]\n"
      "  r3 = CompareBool < r1, r2\n"
      "  Branch r3, bb2, bb3\n"
      "bb2:\n"
      "  r4 = LoadFast x[1]\n"
      "  r5:int = LoadConst #2\n"
      "  r6 = BinaryOp * r4, r5\n"
      "  StoreFast x[1] r6\n"
      "  Jump bb1\n"
      "bb3:\n"
      "  r7 = LoadFast x[1]\n"
      "  r8 = BinaryOp + r7, r2\n"
      "  Return r8\n\n";
  std::string error;
  auto entries = parse_ir(text, "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  Function& f = *(*entries)[0].function;
  infer_types(f);
  auto value = [&](int block, int index) { return f.blocks[block]->instructions[index]->type.kind; };
  CHECK(value(1, 0) == TypeKind::Float);   // x: float on entry and around the loop
  CHECK(value(1, 1) == TypeKind::Object);  // the argument
  CHECK(value(1, 2) == TypeKind::Bool);
  CHECK(value(2, 2) == TypeKind::Float);   // float * int
  CHECK(value(3, 1) == TypeKind::Object);  // float + anything
}

TEST_CASE("dominators: a diamond, a loop, and blocks no jump reaches") {
  // bb0 -> bb1 | bb2 -> bb3 (the join) -> bb4 (a loop back to bb3) -> bb5;
  // bb6 has no jump in (a root of its own) and jumps to bb7; bb8 and bb9
  // jump to each other only (no root reaches them).
  const std::string text =
      "def m.f  # m.py:1\n"
      "  # module: m\n"
      "  # arguments: 1\n"
      "  # locals: 0=n\n"
      "bb0:\n"
      "  r0 = LoadFast n[0]\n"
      "  r1 = IsTrue r0\n"
      "  Branch r1, bb1, bb2\n"
      "bb1:\n"
      "  Jump bb3\n"
      "bb2:\n"
      "  Jump bb3\n"
      "bb3:\n"
      "  r2 = IsTrue r0\n"
      "  Branch r2, bb4, bb5\n"
      "bb4:\n"
      "  Jump bb3\n"
      "bb5:\n"
      "  Return r0\n"
      "bb6:\n"
      "  Jump bb7\n"
      "bb7:\n"
      "  Return r0\n"
      "bb8:\n"
      "  Jump bb9\n"
      "bb9:\n"
      "  Jump bb8\n\n";
  std::string error;
  auto entries = parse_ir(text, "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  Function& f = *(*entries)[0].function;
  const DominatorTree dom(f, all_predecessors(f));
  auto dominates = [&](int a, int b) {
    return dom.dominates(f.blocks[a].get(), f.blocks[b].get());
  };
  for (int b = 0; b <= 5; ++b) CHECK(dominates(0, b));
  CHECK(dominates(3, 3));
  CHECK_FALSE(dominates(1, 3));  // bb2 is the other way in
  CHECK_FALSE(dominates(2, 3));
  CHECK(dominates(3, 4));
  CHECK(dominates(3, 5));
  CHECK_FALSE(dominates(4, 3));  // the back edge's source
  CHECK_FALSE(dominates(4, 5));
  CHECK(dominates(6, 7));
  CHECK_FALSE(dominates(0, 6));
  CHECK_FALSE(dominates(0, 7));
  CHECK_FALSE(dominates(7, 6));
  CHECK(dominates(0, 8));  // unreached: dominated by every block
  CHECK(dominates(5, 9));
}

TEST_CASE("loop depths: one loop per header, however many back edges") {
  // bb1 heads the outer loop (back edges from bb4 and bb5), bb2 the inner.
  const std::string text =
      "def m.f  # m.py:1\n"
      "  # module: m\n"
      "  # arguments: 1\n"
      "  # locals: 0=n\n"
      "bb0:\n"
      "  r0 = LoadFast n[0]\n"
      "  Jump bb1\n"
      "bb1:\n"
      "  r1 = IsTrue r0\n"
      "  Branch r1, bb2, bb6\n"
      "bb2:\n"
      "  r2 = IsTrue r0\n"
      "  Branch r2, bb3, bb4\n"
      "bb3:\n"
      "  Jump bb2\n"
      "bb4:\n"
      "  r3 = IsTrue r0\n"
      "  Branch r3, bb1, bb5\n"
      "bb5:\n"
      "  Jump bb1\n"
      "bb6:\n"
      "  Return r0\n\n";
  std::string error;
  auto entries = parse_ir(text, "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  Function& f = *(*entries)[0].function;
  const auto depth = loop_depths(f);
  auto at = [&](int block) { return depth.at(f.blocks[block].get()); };
  CHECK(at(0) == 0);
  CHECK(at(1) == 1);
  CHECK(at(2) == 2);
  CHECK(at(3) == 2);
  CHECK(at(4) == 1);
  CHECK(at(5) == 1);
  CHECK(at(6) == 0);
}

TEST_CASE("refcounts: operands are released after their last use, returns steal") {
  auto f = add_function(/*locals=*/false);
  CHECK(verify(*f, Stage::BeforeRefcounts).empty());
  insert_refcounts(*f);
  CHECK(verify(*f, Stage::AfterRefcounts).empty());
  CHECK(print_function(*f) ==
        "def m.add  # m.py:1\n"
        "  # module: m\n"
        "bb0:\n"
        "  r0 = LoadGlobal A[0]                       ; line 2 @3\n"
        "  r1 = LoadGlobal B[0]  [on error release r0] ; line 2 @3\n"
        "  r2 = BinaryOp + r0, r1  [on error release r0, r1] ; line 2 @3\n"
        "  DecRef r1                                  ; line 2 @3\n"
        "  DecRef r0                                  ; line 2 @3\n"
        "  Return r2                                  ; line 2 @3\n");
}

TEST_CASE("refcounts: a steal of a value still needed takes a reference first") {
  auto f = new_function("dup");
  Builder b(*f);
  b.set_block(f->add_block());
  Instruction* a = load_global(b, "A");
  Instruction* store = b.emit(Opcode::StoreFast, {a});
  store->index = 1;
  store->name = "x";
  b.emit(Opcode::Return, {a});
  insert_refcounts(*f);
  CHECK(verify(*f, Stage::AfterRefcounts).empty());
  CHECK(count(*f, Opcode::IncRef) == 1);
  CHECK(count(*f, Opcode::DecRef) == 0);
  CHECK(f->blocks[0]->instructions[1]->op == Opcode::IncRef);
}

TEST_CASE("refcounts: local loads and constants are borrowed") {
  SUBCASE("locals used before their slot can change need no counts") {
    auto f = add_function(/*locals=*/true);
    insert_refcounts(*f);
    CHECK(verify(*f, Stage::AfterRefcounts).empty());
    CHECK(count(*f, Opcode::IncRef) + count(*f, Opcode::DecRef) == 0);
    CHECK(f->blocks[0]->instructions[0]->borrowed_local);
  }
  SUBCASE("a store to the slot before the last use makes the load own its value") {
    // v = a; a = None; return v
    auto f = new_function("rebind");
    Builder b(*f);
    b.set_block(f->add_block());
    Instruction* v = load_fast(b, 0, "a");
    Instruction* store = b.emit(Opcode::StoreFast, {b.emit(Opcode::LoadNone)});
    store->index = 0;
    b.emit(Opcode::Return, {v});
    insert_refcounts(*f);
    CHECK(verify(*f, Stage::AfterRefcounts).empty());
    CHECK_FALSE(v->borrowed_local);
    CHECK(count(*f, Opcode::IncRef) == 1);  // the None the store takes
  }
  SUBCASE("steals of borrowed values, and phis of constants, take a reference") {
    // return a if bool(a) else None
    auto f = new_function("pick");
    Builder b(*f);
    BasicBlock* entry = f->add_block();
    BasicBlock* other = f->add_block();
    BasicBlock* join = f->add_block();
    b.set_block(entry);
    Instruction* a = load_fast(b, 0, "a");
    b.branch(b.emit(Opcode::IsTrue, {a}), join, other);
    b.set_block(other);
    Instruction* none = b.emit(Opcode::LoadNone);
    b.jump(join);
    b.set_block(join);
    Instruction* phi = b.emit(Opcode::Phi, {a, none});
    phi->targets = {entry, other};
    b.emit(Opcode::Return, {phi});
    insert_refcounts(*f);
    INFO(print_function(*f));
    CHECK(verify(*f, Stage::AfterRefcounts).empty());
    CHECK_FALSE(a->borrowed_local);  // used in another block (the phi)
    CHECK(count(*f, Opcode::IncRef) == 1);  // None, on the edge into the phi
    CHECK(count(*f, Opcode::DecRef) == 1);  // a, on the edge where it dies
  }
}

TEST_CASE("refcounts: a value that dies on one branch is released on that edge only") {
  // v = a; if bool(v): return v  else: return None
  auto f = new_function("branchy");
  Builder b(*f);
  BasicBlock* entry = f->add_block();
  BasicBlock* yes = f->add_block();
  BasicBlock* no = f->add_block();
  b.set_block(entry);
  Instruction* v = load_fast(b, 0, "a");
  Instruction* truth = b.emit(Opcode::IsTrue, {v});
  b.branch(truth, yes, no);
  b.set_block(yes);
  b.emit(Opcode::Return, {v});
  b.set_block(no);
  b.emit(Opcode::Return, {b.emit(Opcode::LoadNone)});
  insert_refcounts(*f);
  CHECK(verify(*f, Stage::AfterRefcounts).empty());
  // One release, in the `no` block, before its return.
  CHECK(count(*f, Opcode::DecRef) == 1);
  CHECK(no->instructions[0]->op == Opcode::DecRef);
  CHECK(no->instructions[0]->operands[0] == v);
  CHECK(truth->error_cleanup == std::vector<Instruction*>{v});
}

TEST_CASE("refcounts: phi inputs are moved; a value also used later gets a second reference") {
  // r = a or b, then return (r, a): a flows into the phi and is used after it.
  auto f = new_function("orop");
  Builder b(*f);
  BasicBlock* entry = f->add_block();
  BasicBlock* other = f->add_block();
  BasicBlock* join = f->add_block();
  b.set_block(entry);
  Instruction* a = load_fast(b, 0, "a");
  Instruction* truth = b.emit(Opcode::IsTrue, {a});
  b.branch(truth, join, other);
  b.set_block(other);
  Instruction* c = load_fast(b, 1, "b");
  b.jump(join);
  b.set_block(join);
  Instruction* phi = b.emit(Opcode::Phi, {a, c});
  phi->targets = {entry, other};
  Instruction* pair = b.emit(Opcode::BuildTuple, {phi, a});
  b.emit(Opcode::Return, {pair});
  REQUIRE(verify(*f, Stage::BeforeRefcounts).empty());
  insert_refcounts(*f);
  INFO(print_function(*f));
  CHECK(verify(*f, Stage::AfterRefcounts).empty());
  // entry->join: a moves into the phi and stays alive: one IncRef on the edge.
  CHECK(count(*f, Opcode::IncRef) == 1);
  // After BuildTuple: both phi and a are released.
  CHECK(count(*f, Opcode::DecRef) == 2);
}

TEST_CASE("refcounts: a value only a branch tests is released on its edges") {
  // case C(): the attributes MatchClass gives (or NULL) are only tested.
  auto f = new_function("classy");
  Builder b(*f);
  BasicBlock* entry = f->add_block();
  BasicBlock* matched = f->add_block();
  BasicBlock* failed = f->add_block();
  b.set_block(entry);
  Instruction* attributes =
      b.emit(Opcode::MatchClass, {load_fast(b, 0, "a"), load_global(b, "C"), b.emit(Opcode::LoadNone)});
  Instruction* test = b.emit(Opcode::BranchIfNull, {attributes});
  test->targets = {failed, matched};
  for (BasicBlock* block : {matched, failed}) {
    b.set_block(block);
    b.emit(Opcode::Return, {b.emit(Opcode::LoadNone)});
  }
  REQUIRE(verify(*f, Stage::BeforeRefcounts).empty());
  insert_refcounts(*f);
  INFO(print_function(*f));
  CHECK(verify(*f, Stage::AfterRefcounts).empty());
  CHECK(entry->instructions.back().get() == test);
  for (BasicBlock* block : {matched, failed}) {
    CHECK(block->instructions[0]->op == Opcode::DecRef);
    CHECK(block->instructions[0]->operands[0] == attributes);
  }
}

TEST_CASE("the verifier finds broken blocks") {
  auto f = new_function("broken");
  Builder b(*f);
  b.set_block(f->add_block());
  Instruction* a = load_fast(b, 0, "a");
  b.emit(Opcode::Return, {a});
  load_fast(b, 1, "b");  // after the terminator
  auto errors = verify(*f, Stage::BeforeRefcounts);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].find("does not end with a terminator") != std::string::npos);
  CHECK(errors[1].find("terminator in the middle") != std::string::npos);
}

TEST_CASE("the verifier checks operand kinds as ops.def lists them") {
  auto f = new_function("kinds");
  Builder b(*f);
  b.set_block(f->add_block());
  Instruction* a = load_fast(b, 0, "a");
  Instruction* truth = b.emit(Opcode::IsTrue, {a});
  b.emit(Opcode::BinaryOp, {a});               // one operand short
  b.emit(Opcode::Not, {a});                    // an object where an i1 goes
  b.emit(Opcode::BuildTuple, {a, a, a});       // any number of objects
  b.emit(Opcode::RaiseAssertion, {});          // the message is optional
  b.emit(Opcode::RaiseAssertion, {a, a});      // but only one
  b.emit(Opcode::LoadBool, {truth});
  b.emit(Opcode::Return, {truth});             // an i1 where an object goes
  auto errors = verify(*f, Stage::BeforeRefcounts);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].find("BinaryOp") != std::string::npos);
  CHECK(errors[0].find("operands do not fit its kinds (oo)") != std::string::npos);
  CHECK(errors[1].find("Not") != std::string::npos);
  CHECK(errors[2].find("RaiseAssertion") != std::string::npos);
  CHECK(errors[3].find("Return") != std::string::npos);
}

TEST_CASE("the verifier checks dominance") {
  auto f = new_function("dom");
  Builder b(*f);
  BasicBlock* entry = f->add_block();
  BasicBlock* left = f->add_block();
  BasicBlock* right = f->add_block();
  b.set_block(entry);
  Instruction* cond = b.emit(Opcode::IsTrue, {load_fast(b, 0, "a")});
  b.branch(cond, left, right);
  b.set_block(left);
  Instruction* only_left = load_fast(b, 1, "b");
  b.jump(right);
  b.set_block(right);
  b.emit(Opcode::Return, {only_left});
  auto errors = verify(*f, Stage::BeforeRefcounts);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("does not dominate") != std::string::npos);
}

TEST_CASE("the verifier pairs a method call with its LoadMethod's two outputs") {
  auto f = new_function("methods");
  f->is_generator = true;
  Builder b(*f);
  b.set_block(f->add_block());
  Instruction* a = load_fast(b, 0, "a");
  Instruction* method = b.emit(Opcode::LoadMethod, {a});
  Instruction* self = b.emit(Opcode::MethodSelf, {method});
  b.emit(Opcode::CallMethod, {method, self, a});  // as lowered
  Instruction* other = b.emit(Opcode::LoadMethod, {a});
  b.emit(Opcode::Yield, {a});
  b.emit(Opcode::MethodSelf, {other});  // the second output does not survive a yield
  b.emit(Opcode::MethodSelf, {a});      // not a LoadMethod's
  b.emit(Opcode::CallMethod, {other, self, a});  // another LoadMethod's self
  b.emit(Opcode::Return, {a});
  auto errors = verify(*f, Stage::BeforeRefcounts);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].find("MethodSelf") != std::string::npos);
  CHECK(errors[0].find("no suspension between") != std::string::npos);
  CHECK(errors[1].find("MethodSelf") != std::string::npos);
  CHECK(errors[2].find("not a LoadMethod and that one's MethodSelf") != std::string::npos);
}

TEST_CASE("bound locals: arguments and stores on every path, not after a delete") {
  // def f(a): if bool(a): x = a  ; then load a, x; del a; load a
  auto f = new_function("bound");
  f->argument_slots = 1;
  Builder b(*f);
  BasicBlock* entry = f->add_block();
  BasicBlock* yes = f->add_block();
  BasicBlock* join = f->add_block();
  b.set_block(entry);
  Instruction* a = load_fast(b, 0, "a");
  b.branch(b.emit(Opcode::IsTrue, {a}), yes, join);
  b.set_block(yes);
  Instruction* store = b.emit(Opcode::StoreFast, {load_fast(b, 0, "a")});
  store->index = 1;
  Instruction* x_in_branch = load_fast(b, 1, "x");
  Instruction* copy = b.emit(Opcode::StoreFast, {x_in_branch});
  copy->index = 2;
  b.jump(join);
  b.set_block(join);
  Instruction* a_again = load_fast(b, 0, "a");
  Instruction* x = load_fast(b, 1, "x");
  Instruction* del = b.emit(Opcode::DeleteFast);
  del->index = 0;
  Instruction* a_deleted = load_fast(b, 0, "a");
  b.emit(Opcode::Return, {b.emit(Opcode::BuildTuple, {a_again, x, a_deleted})});
  REQUIRE(verify(*f, Stage::BeforeRefcounts).empty());
  mark_bound_loads(*f);
  CHECK(a->known_bound);
  CHECK(x_in_branch->known_bound);
  CHECK(a_again->known_bound);
  CHECK_FALSE(x->known_bound);  // unbound when the branch was not taken
  CHECK_FALSE(a_deleted->known_bound);
  CHECK(a_deleted->can_fail());
  CHECK_FALSE(a->can_fail());
}
