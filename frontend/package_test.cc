#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "frontend/package.h"

namespace fs = std::filesystem;
using namespace pyaot;

namespace {

// A fresh directory under the test's temporary directory.
fs::path scratch(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  fs::path dir = fs::path(tmp ? tmp : "/tmp") / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void touch(const fs::path& path, const std::string& text = "") {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::vector<std::string> names(const frontend::PackageLayout& layout) {
  std::vector<std::string> out;
  for (const auto& m : layout.modules) out.push_back(m.name + (m.is_package ? "/" : ""));
  return out;
}

}  // namespace

TEST_CASE("a package with nested subpackages is listed under the import name") {
  fs::path root = scratch("discover") / "shop";
  touch(root / "__init__.py");
  touch(root / "util.py");
  touch(root / "models" / "__init__.py");
  touch(root / "models" / "item.py");
  touch(root / "models" / "deep" / "__init__.py");
  touch(root / "models" / "deep" / "x.py");
  touch(root / "__pycache__" / "util.cpython-311.pyc");
  DiagnosticSink sink;
  auto layout = frontend::discover_modules(root.string(), "store", sink);
  REQUIRE(layout.has_value());
  CHECK(names(*layout) == std::vector<std::string>{"store/", "store.models/",
                                                   "store.models.deep/", "store.models.deep.x",
                                                   "store.models.item", "store.util"});
  CHECK(layout->source_dir_name == "shop");
  CHECK(layout->modules[0].path == (root / "__init__.py").string());
  CHECK(sink.diagnostics().empty());  // __pycache__ is not reported
}

TEST_CASE("files that cannot be modules are warned about, never dropped silently") {
  fs::path root = scratch("warn") / "pkg";
  touch(root / "__init__.py");
  touch(root / "data.json");
  touch(root / "my-module.py");
  touch(root / "loose" / "thing.py");
  DiagnosticSink sink;
  auto layout = frontend::discover_modules(root.string(), "pkg", sink);
  REQUIRE(layout.has_value());
  CHECK(layout->modules.size() == 1);
  CHECK_FALSE(sink.has_errors());
  REQUIRE(sink.diagnostics().size() == 3);
  CHECK(sink.diagnostics()[0].path == (root / "data.json").string());
  CHECK(sink.diagnostics()[1].path == (root / "loose").string());
  CHECK(sink.diagnostics()[2].path == (root / "my-module.py").string());
}

TEST_CASE("a single .py file is one module named by the import name") {
  fs::path dir = scratch("single");
  touch(dir / "tool.py", "x = 1\n");
  DiagnosticSink sink;
  auto layout = frontend::discover_modules((dir / "tool.py").string(), "tool2", sink);
  REQUIRE(layout.has_value());
  CHECK(layout->is_single_module);
  CHECK(names(*layout) == std::vector<std::string>{"tool2"});
}

TEST_CASE("missing paths, plain directories and other files are errors") {
  fs::path dir = scratch("bad");
  touch(dir / "notes.txt");
  fs::create_directories(dir / "plain");
  DiagnosticSink sink;
  CHECK_FALSE(frontend::discover_modules((dir / "missing").string(), "m", sink));
  CHECK_FALSE(frontend::discover_modules((dir / "plain").string(), "m", sink));
  CHECK_FALSE(frontend::discover_modules((dir / "notes.txt").string(), "m", sink));
  REQUIRE(sink.diagnostics().size() == 3);
  CHECK(sink.diagnostics()[0].message == "no such file or directory");
  CHECK(sink.diagnostics()[1].message ==
        "not a Python package: the directory has no __init__.py");
  CHECK(sink.diagnostics()[2].message.rfind("not a Python source file", 0) == 0);
}

TEST_CASE("module identifiers") {
  CHECK(frontend::is_module_identifier("abc_1"));
  CHECK(frontend::is_module_identifier("_x"));
  CHECK_FALSE(frontend::is_module_identifier("1abc"));
  CHECK_FALSE(frontend::is_module_identifier("a-b"));
  CHECK_FALSE(frontend::is_module_identifier(""));
}
