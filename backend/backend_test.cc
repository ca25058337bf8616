#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "backend/backend.h"

#include <doctest/doctest.h>

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
  image.modules.push_back({"shop", "/src/shop/__init__.py", "CODE0", std::string("x = 1\n"), true});
  image.modules.push_back({"shop.util", "/src/shop/util.py", "CODE1", std::nullopt, false});
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
