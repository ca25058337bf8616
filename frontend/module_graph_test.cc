#include <doctest/doctest.h>

#include "frontend/module_graph.h"
#include "frontend/python_parser.h"

using namespace pyaot;

namespace {

struct Fixture {
  std::vector<frontend::ParsedSource> sources;
  std::vector<frontend::ModuleInfo> infos;

  void add(const std::string& name, bool is_package, const std::string& code) {
    DiagnosticSink sink;
    auto parsed = frontend::parse_module(code, "/src/" + name + ".py", sink);
    REQUIRE(parsed.has_value());
    sources.push_back(std::move(*parsed));
    infos.push_back({name, "/src/" + name + ".py", is_package, nullptr});
  }
  frontend::ModuleGraph build(DiagnosticSink& sink, const std::string& dir_name = "shop") {
    for (size_t i = 0; i < infos.size(); ++i) infos[i].tree = sources[i].tree.get();
    return frontend::build_module_graph(infos, "shop", dir_name, false, sink);
  }
};

}  // namespace

TEST_CASE("absolute and relative imports resolve to package modules") {
  Fixture f;
  f.add("shop", true, "from . import util\nfrom .models.item import Item\nimport os.path\n");
  f.add("shop.util", false, "import shop.models\n");
  f.add("shop.models", true, "from .item import Item\nfrom .. import util as u\n");
  f.add("shop.models.item", false, "def f():\n    from ..util import helper\n");
  DiagnosticSink sink;
  auto graph = f.build(sink);
  CHECK(sink.diagnostics().empty());
  CHECK(graph.internal_imports("shop") ==
        std::set<std::string>{"shop", "shop.util", "shop.models", "shop.models.item"});
  CHECK(graph.internal_imports("shop.util") == std::set<std::string>{"shop", "shop.models"});
  CHECK(graph.internal_imports("shop.models") ==
        std::set<std::string>{"shop", "shop.models", "shop.models.item", "shop.util"});
  CHECK(graph.internal_imports("shop.models.item") == std::set<std::string>{"shop", "shop.util"});
  bool saw_os_path = false;
  for (const auto& edge : graph.imports["shop"]) saw_os_path |= edge.target == "os.path";
  CHECK(saw_os_path);
}

TEST_CASE("imports that will fail at run time are warnings with the line") {
  Fixture f;
  f.add("shop", true, "x = 1\nimport shop.missing\nfrom ... import y\n");
  DiagnosticSink sink;
  f.build(sink);
  REQUIRE(sink.diagnostics().size() == 2);
  CHECK(sink.diagnostics()[0].line == 2);
  CHECK(sink.diagnostics()[0].message.find("'shop.missing'") != std::string::npos);
  CHECK(sink.diagnostics()[1].line == 3);
  CHECK(sink.diagnostics()[1].message.find("beyond the top-level package") != std::string::npos);
}

TEST_CASE("absolute imports of the source directory's name are flagged when it differs") {
  Fixture f;
  f.add("shop", true, "import store.util\n");
  DiagnosticSink sink;
  f.build(sink, "store");
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].message.find("imported as 'shop'") != std::string::npos);
}
