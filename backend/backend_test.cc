#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "backend/backend.h"
#include "ir/ir.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace pyaot::backend;

namespace {

PackageImage sample_package() {
  PackageImage image;
  image.import_name = "shop";
  image.modules.push_back({"shop", "/src/shop/__init__.py", "shop/__init__.py", "CODE0", std::string("x = 1\n"), true});
  image.modules.push_back({"shop.util", "/src/shop/util.py", "shop/util.py", "CODE1", std::nullopt, false});
  return image;
}

fs::path scratch(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  fs::path dir = fs::path(tmp ? tmp : "/tmp") / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the package IR holds the module table and PyInit_<name>") {
  fs::path out = scratch("ir") / "shop.ll";
  Options options;
  options.emit = EmitKind::LlvmIr;
  REQUIRE_FALSE(build(sample_package(), options, out.string()).has_value());
  std::string ir = slurp(out);
  CHECK(ir.find("define dso_local ptr @PyInit_shop()") != std::string::npos);
  CHECK(ir.find("call ptr @pyaot_package_init(ptr @pyaot.package)") != std::string::npos);
  CHECK(ir.find("c\"shop.util\\00\"") != std::string::npos);
  CHECK(ir.find("c\"x = 1\\0A\\00\"") != std::string::npos);
  // --no-source modules carry a null source pointer.
  CHECK(ir.find("ptr null, i64 0, i64 0") != std::string::npos);
}

TEST_CASE("a shared object is linked, and the same input gives the same bytes") {
  fs::path dir = scratch("so");
  Options options;
  REQUIRE_FALSE(build(sample_package(), options, (dir / "a.so").string()).has_value());
  REQUIRE_FALSE(build(sample_package(), options, (dir / "b.so").string()).has_value());
  std::string a = slurp(dir / "a.so");
  CHECK(a.rfind("\x7f" "ELF", 0) == 0);
  CHECK(a.find("PyInit_shop") != std::string::npos);
  CHECK(a == slurp(dir / "b.so"));
}

TEST_CASE("-O0 builds too") {
  fs::path dir = scratch("o0");
  Options options;
  options.opt_level = 0;
  CHECK_FALSE(build(sample_package(), options, (dir / "a.so").string()).has_value());
}

TEST_CASE("only the host target is supported") {
  CHECK(is_supported_target(host_target_triple()));
  CHECK_FALSE(is_supported_target("aarch64-apple-darwin"));
  CHECK_FALSE(is_supported_target("wasm32-unknown-unknown"));
}

// Every op of ir/ops.def, lowered from its row (helper and arguments) or by
// the emitter's own code, must give LLVM IR that verifies against the
// runtime helpers' real signatures: build() verifies each module.
TEST_CASE("every IR op lowers to valid LLVM IR") {
  using namespace pyaot::ir;
  std::vector<std::unique_ptr<Function>> functions;
  const Opcode skipped[] = {Opcode::Phi,        Opcode::Jump,   Opcode::Branch,
                            Opcode::BranchIfNull, Opcode::Return, Opcode::Unreachable,
                            Opcode::Yield,      Opcode::YieldFrom};
  for (int code = 0; code <= static_cast<int>(Opcode::Unreachable); ++code) {
    const auto op = static_cast<Opcode>(code);
    if (std::find(std::begin(skipped), std::end(skipped), op) != std::end(skipped)) continue;
    auto f = std::make_unique<Function>();
    f->qualname = std::string(op_info(op).name);
    f->module = "shop";
    Builder b(*f);
    b.set_block(f->add_block());
    // Operands of the kinds ops.def lists; an optional one present, a
    // repeated one four times (MakeFunction's four parts, as its flags say).
    std::vector<Instruction*> operands;
    const std::string_view kinds = op_info(op).operands;
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (kinds[k] == '?' || kinds[k] == '*') continue;
      const int count = k + 1 < kinds.size() && kinds[k + 1] == '*' ? 4 : 1;
      for (int n = 0; n < count; ++n) {
        operands.push_back(b.emit(kinds[k] == 'b' ? Opcode::ConstantBool : Opcode::LoadNone));
      }
    }
    // LoadMethod's two outputs, for the ops that read them (as the verifier requires).
    if (op == Opcode::MethodSelf || op == Opcode::CallMethod) {
      Instruction* method = b.emit(Opcode::LoadMethod, {operands[0]});
      operands[0] = method;
      if (op == Opcode::CallMethod) operands[1] = b.emit(Opcode::MethodSelf, {method});
    }
    Instruction* i = b.emit(op, operands);
    i->name = "x";
    i->index = op == Opcode::MakeFunction ? 0x0F : 1;
    i->slots = {0, 1};
    b.emit(Opcode::Return, {b.emit(Opcode::LoadNone)});
    functions.push_back(std::move(f));
  }
  PackageImage image = sample_package();
  for (const auto& f : functions) image.modules[0].natives.push_back(f.get());
  fs::path out = scratch("every_op") / "shop.o";
  Options options;
  options.emit = EmitKind::Object;
  options.opt_level = 0;
  auto error = build(image, options, out.string());
  CHECK_MESSAGE(!error.has_value(), error.value_or(""));
}
