// The C++ AST must say exactly what CPython's ast says: the conversion is
// checked against Python's own ast.dump on snippets that use every node kind.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "frontend/ast.h"
#include "frontend/python_parser.h"

using namespace pyaot;

namespace {

std::unique_ptr<ast::Node> parse_ok(const std::string& source) {
  DiagnosticSink sink;
  auto parsed = frontend::parse_module(source, "/t/snippet.py", sink);
  for (const Diagnostic& d : sink.diagnostics()) FAIL_CHECK(format_diagnostic(d, false));
  REQUIRE(parsed.has_value());
  return std::move(parsed->tree);
}

const char* const kSnippets[] = {
    "x = 1\ny: int = 2\nz += 3\ndel x\nassert y, 'msg'\npass\n",
    "import a.b as c, d\nfrom ..e import (f as g, h)\nfrom . import *\nglobal q\n",
    "def f(a, /, b=1, *args, c, d=2, **kw) -> int:\n    nonlocal_ = lambda x, *, y=3: x\n"
    "    return (yield)\n",
    "async def g():\n    async with a as b, c:\n        await d\n    async for e in f:\n"
    "        yield e\n    x = [i async for i in g()]\n",
    "@dec(1)\nclass C(B, metaclass=M):\n    'doc'\n    def m(self): return super().m()\n",
    "for i in range(3):\n    if i: continue\n    elif not i: break\n    else: pass\nelse:\n"
    "    while x: x -= 1\n    else: ...\n",
    "try:\n    raise E from F\nexcept (A, B) as e:\n    pass\nexcept C:\n    raise\nelse:\n"
    "    x = 1\nfinally:\n    y = 2\n",
    "try:\n    pass\nexcept* ValueError as eg:\n    pass\n",
    "with open(p) as (a, b), q:\n    pass\n",
    "r = [x for x in y if x if not x]\ns = {x: y for x, y in z}\nt = {a for a in b}\n"
    "u = (g for g in h for k in g)\n",
    "v = a if b else c\nw = a and b or c\nx = not -+~a\ny = a < b <= c != d is e is not f in g "
    "not in h\n",
    "z = a + b - c * d @ e / f % g ** h << i >> j | k ^ l & m // n\n",
    "f'{a!r:>{w}} {b=} {c!s} {d!a:.2f} {{}}' \nb'\\x00bytes'; u'kind'\n",
    "x = (1, 2.5, 3j, 10**100, None, True, False, ..., 'é', '\\ud800')\n",
    "a[1:2, ::3, x:] = {**d, 'k': v}, [*a, *b], {1, 2}\n(a, *b), c = d\n",
    "print(*args, sep='', **kw)\nif (n := len(a)) > 10: pass\n",
    "match cmd:\n    case [1, 2, *rest]: pass\n    case {'k': v, **kw}: pass\n"
    "    case Point(x=0, y=_) | Point(1, 2) as p if p: pass\n"
    "    case None | True | -1 | 1+2j | 'a' 'b': pass\n    case str() | bytes(): pass\n"
    "    case _: pass\n",
    "def g(): x = yield from h()\nclass D: x: int\n",
    "# type: ignore\nx = 1  # type: int\n",
};

}  // namespace

TEST_CASE("conversion matches ast.dump on snippets covering every node kind") {
  std::set<ast::NodeKind> seen;
  for (const std::string snippet : kSnippets) {
    CAPTURE(snippet);
    auto tree = parse_ok(snippet);
    CHECK(ast::dump(*tree) == frontend::python_ast_dump(snippet));
    ast::walk(*tree, [&](const ast::Node& n) { seen.insert(n.kind); });
  }
  // Every kind the parser can produce for a module appears above; only the
  // non-module roots and TypeIgnore (needs type_comments=True) are absent.
  CHECK(seen.size() >= 100);
}

TEST_CASE("conversion matches ast.dump on every testdata program") {
  namespace fs = std::filesystem;
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator("testdata/programs")) {
    if (entry.path().extension() != ".py") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    CAPTURE(entry.path().string());
    auto tree = parse_ok(bytes.str());
    CHECK(ast::dump(*tree) == frontend::python_ast_dump(bytes.str()));
    ++count;
  }
  CHECK(count >= 40);
}

TEST_CASE("nodes carry CPython's positions") {
  auto tree = parse_ok("x = 1\nif x:\n    y = f(x,\n          2)\n");
  const ast::Node& if_stmt = *tree->list("body")[1].node;
  CHECK(if_stmt.kind == ast::NodeKind::If);
  CHECK(if_stmt.range.line == 2);
  CHECK(if_stmt.range.column == 0);
  CHECK(if_stmt.range.end_line == 4);
  const ast::Node& assign = *if_stmt.list("body")[0].node;
  const ast::Node* call = assign.child("value");
  REQUIRE(call != nullptr);
  CHECK(call->kind == ast::NodeKind::Call);
  CHECK(call->range.line == 3);
  CHECK(call->range.column == 8);
  CHECK(call->range.end_line == 4);
  CHECK(call->range.end_column == 12);
  CHECK(call->child("func")->identifier("id") == "f");
}

TEST_CASE("constants keep their value and kind") {
  auto tree = parse_ok("x = (12345678901234567890, 0.1, 'a\\n', b'\\xff', None)\n");
  const ast::Node* tuple = tree->list("body")[0].node->child("value");
  const auto& elts = tuple->list("elts");
  using Kind = ast::Constant::Kind;
  CHECK(elts[0].node->constant("value")->kind == Kind::Int);
  CHECK(elts[0].node->constant("value")->text == "12345678901234567890");
  CHECK(elts[1].node->constant("value")->text == "0.1");
  CHECK(elts[2].node->constant("value")->text == "a\n");
  CHECK(elts[2].node->constant("value")->repr == "'a\\n'");
  CHECK(elts[3].node->constant("value")->kind == Kind::Bytes);
  CHECK(elts[3].node->constant("value")->text == "\xff");
  CHECK(elts[4].node->constant("value")->kind == Kind::None);
}
