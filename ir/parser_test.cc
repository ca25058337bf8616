// The IR text parser: what it reads back, and how it reports bad input.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "ir/parser.h"
#include "ir/printer.h"

using namespace pyaot::ir;

namespace {

constexpr const char* kHeader =
    "def m.f  # m.py:1\n"
    "  # module: m\n"
    "  # arguments: 1\n"
    "  # locals: 0=a\n";

// The error parsing `body` (after kHeader, so its first line is line 5)
// gives; empty when it parses.
std::string error_of(const std::string& body) {
  std::string error;
  auto entries = parse_ir(kHeader + body, "t.ir", &error);
  return entries ? "" : error;
}

}  // namespace

TEST_CASE("a function reads back with its numbering and fields") {
  const std::string text =
      "# g: bytecode (a reason)\n"
      "\n"
      "def m.f  # m.py:1\n"
      "  # module: m\n"
      "  # arguments: 1\n"
      "  # locals: 0=a\n"
      "bb0:\n"
      "  r4 = LoadFast a[0] (bound)                 ; line 2 @2\n"
      "  r5 = IsTrue r4  [on error release r4]      ; line 2 @4\n"
      "  Branch r5, bb7, bb3                        ; line 2 @4\n"
      "bb7:\n"
      "  r9 = Phi r4 from bb0, r8 from bb3\n"
      "  Return r9\n"
      "bb3:\n"
      "  r8:int = LoadConst #1\n"
      "  Jump bb7\n"
      "\n";
  std::string error;
  auto entries = parse_ir(text, "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  REQUIRE(entries->size() == 2);
  CHECK((*entries)[0].comment == "# g: bytecode (a reason)");
  const Function& f = *(*entries)[1].function;
  CHECK(f.module == "m");
  CHECK(f.qualname == "f");
  CHECK(f.argument_slots == 1);
  CHECK(f.blocks[1]->id == 7);
  CHECK(f.next_value_id == 10);
  const Instruction& load = *f.blocks[0]->instructions[0];
  CHECK(load.known_bound);
  CHECK(load.index == 0);
  CHECK(load.bytecode_offset == 2);
  CHECK(f.blocks[0]->instructions[1]->error_cleanup[0] == &load);
  CHECK(f.blocks[2]->instructions[0]->type.kind == TypeKind::Int);
  CHECK(print_entries(*entries) == text);
}

TEST_CASE("parse errors say where, as file:line:col") {
  CHECK(error_of("bb0:\n  r0 = LoadFost a[0]\n") == "t.ir:6:8: error: unknown op 'LoadFost'");
  CHECK(error_of("bb0:\n  Return r3\n") == "t.ir:6:10: error: undefined value r3");
  CHECK(error_of("bb0:\n  Jump bb4\n") == "t.ir:6:8: error: undefined block bb4");
  CHECK(error_of("bb0:\n  r0 = BinaryOp + a, b\n") ==
        "t.ir:6:19: error: expected an operand (rN), a block (bbN) or the end of the "
        "instruction, not 'a,'");
  CHECK(error_of("bb0:\n  r0 = LoadFast a[0]\n  Return r0, x\n") ==
        "t.ir:7:14: error: expected a value (rN) or a block (bbN) after ',', not 'x'");
  CHECK(error_of("bb0:\n  r0 = LoadGlobal print\n") ==
        "t.ir:6:24: error: expected '[' and the name's index, not the end of the line");
  CHECK(error_of("bb0:\n  r0 = BinaryOp ++ r1, r1\n") == "t.ir:6:17: error: unknown operator '++'");
}

TEST_CASE("values and blocks are defined once, results are named") {
  CHECK(error_of("bb0:\n  r0 = LoadNone\n  r0 = LoadNone\n  Return r0\n") ==
        "t.ir:7:3: error: r0 is defined twice");
  CHECK(error_of("bb0:\n  r0 = LoadNone\n  Return r0\nbb0:\n") ==
        "t.ir:8:1: error: bb0 is defined twice");
  CHECK(error_of("bb0:\n  LoadNone\n") == "t.ir:6:3: error: LoadNone gives a value: write "
                                            "'rN = LoadNone ...'");
  CHECK(error_of("bb0:\n  r1 = Jump bb0\n") == "t.ir:6:3: error: Jump gives no value");
  CHECK(error_of("  r0 = LoadNone\n") == "t.ir:5:3: error: an instruction before the first block label");
  CHECK(error_of("bb0:\n  r0:integer = LoadNone\n") == "t.ir:6:6: error: unknown type 'integer'");
  CHECK(error_of("bb0:\n  r0/f32 = LoadNone\n") == "t.ir:6:6: error: unknown representation 'f32'");
  CHECK(error_of("bb0:\n  r0:int/u8 = LoadNone\n") == "t.ir:6:10: error: unknown representation 'u8'");
  CHECK(error_of("bb0:\n  r0 = LoadNone (as i32)\n") == "t.ir:6:21: error: unknown number kind 'i32'");
}

TEST_CASE("unboxed arithmetic reads back") {
  const std::string text =
      "def m.f  # m.py:1\n"
      "  # module: m\n"
      "bb0:\n"
      "  r0 = LoadNone\n"
      "  r1:int/i64 = BinaryOp * (as i64) r0, r0\n"
      "  r2 = BinaryOp + (as i64) r1, r0\n"
      "  Return r2\n\n";
  std::string error;
  auto entries = parse_ir(text, "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  const Function& f = *(*entries)[0].function;
  const Instruction& product = *f.blocks[0]->instructions[1];
  CHECK(product.unboxed_result());
  CHECK(product.type.repr == Repr::I64);
  CHECK(product.arithmetic == NumberKind::Int);
  CHECK(product.type.kind == TypeKind::Int);
  CHECK_FALSE(f.blocks[0]->instructions[2]->unboxed_result());
  CHECK(f.blocks[0]->instructions[2]->arithmetic == NumberKind::Int);
  CHECK(print_entries(*entries) == text);
}

TEST_CASE("the function header is checked") {
  std::string error;
  CHECK_FALSE(parse_ir("def m.f\n", "t.ir", &error));
  CHECK(error == "t.ir:1:5: error: expected 'def MODULE.QUALNAME  # FILENAME:LINE'");
  CHECK_FALSE(parse_ir("def m.f  # m.py:1\n  # modul: m\n", "t.ir", &error));
  CHECK(error == "t.ir:2:5: error: unknown function header 'modul:'");
  CHECK_FALSE(parse_ir("def m.f  # m.py:1\n  # module: n\nbb0:\n  Unreachable\n", "t.ir", &error));
  CHECK(error == "t.ir:1:5: error: the name does not start with its module 'n.'");
  CHECK_FALSE(parse_ir("r0 = LoadNone\n", "t.ir", &error));
  CHECK(error == "t.ir:1:1: error: expected 'def' or a comment");
}

TEST_CASE("names that would end early are quoted, and read back") {
  CHECK(print_name("a b") == "\"a b\"");
  CHECK(print_name("") == "\"\"");
  CHECK(print_name("q\"\n") == "\"q\\\"\\x0a\"");
  CHECK(print_name("größe") == "größe");
  std::string error;
  auto entries = parse_ir(
      std::string(kHeader) + "bb0:\n  r0 = LoadString \"q\\\"\\x0a\"\n  Return r0\n", "t.ir", &error);
  REQUIRE_MESSAGE(entries, error);
  CHECK((*entries)[0].function->blocks[0]->instructions[0]->name == "q\"\n");
  CHECK(error_of("bb0:\n  r0 = LoadString \"\\xg\"\n") ==
        "t.ir:6:22: error: expected two hex digits after \\x");
  CHECK(error_of("bb0:\n  r0 = LoadString \"ab\n") == "t.ir:6:19: error: unterminated quoted name");
}
