#include <doctest/doctest.h>

#include "frontend/functions.h"
#include "frontend/python_parser.h"

using namespace pyaot;

TEST_CASE("function sites are named as CPython's __qualname__") {
  DiagnosticSink sink;
  auto parsed = frontend::parse_module(
      "def top(): pass\n"
      "class C:\n"
      "    def m(self):\n"
      "        def inner(): return lambda: 0\n"
      "        class L:\n"
      "            async def deep(self): pass\n"
      "    @staticmethod\n"
      "    def s(f=lambda: 1): pass\n",
      "m.py", sink);
  REQUIRE(parsed.has_value());
  auto sites = frontend::list_functions(*parsed->tree);
  std::vector<std::string> names;
  for (const auto& site : sites) names.push_back(site.qualname);
  CHECK(names == std::vector<std::string>{"<module>", "top", "C", "C.m", "C.m.<locals>.inner",
                                          "C.m.<locals>.inner.<locals>.<lambda>",
                                          "C.m.<locals>.L", "C.m.<locals>.L.deep", "C.s",
                                          "C.<lambda>"});
  CHECK(sites[0].node == parsed->tree.get());
  CHECK(sites[3].line == 3);
  CHECK(sites[3].column == 4);
  // The innermost enclosing class, which private names are mangled with (a
  // class body's own name included).
  std::vector<std::string> classes;
  for (const auto& site : sites) classes.push_back(site.class_name);
  CHECK(classes == std::vector<std::string>{"", "", "C", "C", "C", "C", "L", "L", "C", "C"});
}
