// The work classification (ir/work.h) of instructions as the passes leave them.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "ir/parser.h"
#include "ir/work.h"

using namespace pyaot::ir;

namespace {

// The instructions of the one function in `body` (after a header).
std::vector<TextEntry> parse(const std::string& body) {
  std::string error;
  auto entries = parse_ir("def m.f  # m.py:1\n  # module: m\n  # arguments: 1\n"
                          "  # promoted: 0\n  # locals: 0=a\nbb0:\n" + body + "\n",
                          "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  return std::move(*entries);
}

const Instruction& at(const std::vector<TextEntry>& entries, size_t k) {
  return *entries[0].function->blocks[0]->instructions.at(k);
}

}  // namespace

TEST_CASE("unboxed float arithmetic costs less than a generic operation or a call") {
  auto f = parse(
      "  r0 = LoadFast a[0] (bound) (borrowed)\n"
      "  r1:float = LoadConst #1\n"
      "  r2:float/f64 = BinaryOp * (as f64) r0, r1\n"
      "  r3 = BinaryOp + (as f64) r2, r1\n"
      "  r4 = BinaryOp + r0, r0\n"
      "  r5 = LoadGlobal len[0]\n"
      "  r6 = Call r5, r0\n"
      "  Return r6\n");
  const Work product = work_of(at(f, 2));
  CHECK(product.kind == WorkKind::Unboxed);
  CHECK(product.cost == work_cost(WorkKind::Unboxed));
  // r1 is a proven float: only r0 is checked, and the guard says what it buys.
  REQUIRE(product.guards.size() == 1);
  CHECK(product.guards[0].check == "r0 is an exact float (or a number held unboxed)");
  CHECK(product.guards[0].protects.find("doubles") != std::string::npos);
  CHECK(work_of(at(f, 3)).kind == WorkKind::Unboxed);

  const Work generic = work_of(at(f, 4));
  CHECK(generic.kind == WorkKind::Generic);
  CHECK(generic.what.find("pyaot_binary_op") != std::string::npos);
  CHECK(work_of(at(f, 5)).kind == WorkKind::Guarded);
  const Work call = work_of(at(f, 6));
  CHECK(call.kind == WorkKind::Generic);
  CHECK_FALSE(call.guards.empty());
  CHECK(work_of(at(f, 0)).cost == 0);
  CHECK(work_of(at(f, 1)).cost == 0);
  CHECK(work_cost(WorkKind::Unboxed) < work_cost(WorkKind::Boxing));
  CHECK(work_cost(WorkKind::Boxing) < work_cost(WorkKind::Generic));
}

TEST_CASE("int arithmetic is guarded against overflow; a str equality is checked inline") {
  auto f = parse(
      "  r0 = LoadFast a[0] (bound) (borrowed)\n"
      "  r1:int = LoadConst #1\n"
      "  r2 = BinaryOp + (as i64) r0, r1\n"
      "  r3:str = LoadConst #2\n"
      "  r4 = CompareBool == r0, r3\n"
      "  r5 = BoxNumber (as i64) r2\n"
      "  Return r5\n");
  const Work sum = work_of(at(f, 2));
  CHECK(sum.kind == WorkKind::Unboxed);
  REQUIRE(sum.guards.size() == 2);  // both operands ints of 64 bits; no overflow
  CHECK(sum.guards[0].check == "r0 and r1 are each an int that fits 64 bits (or a number held unboxed)");
  CHECK(sum.guards[1].otherwise.find("generic") != std::string::npos);
  CHECK(uses_str_equality(at(f, 4)));
  CHECK(work_of(at(f, 4)).kind == WorkKind::Guarded);
  CHECK(work_of(at(f, 5)).kind == WorkKind::Boxing);
}

TEST_CASE("a frame write-back before a call adds the boxing of each local") {
  auto f = parse(
      "  r0 = LoadFast a[0] (bound) (borrowed)\n"
      "  r1:int = LoadConst #1\n"
      "  r2:int/i64 = BinaryOp + (as i64) r0, r1\n"
      "  r3 = LoadGlobal g[0]\n"
      "  r4 = Call r3  [sync 0:r2]\n"
      "  Return r4\n");
  const Work call = work_of(at(f, 4));
  CHECK(call.cost == work_cost(WorkKind::Generic) + work_cost(WorkKind::Boxing));
  CHECK(call.what.find("writes back 1 local") != std::string::npos);
}
