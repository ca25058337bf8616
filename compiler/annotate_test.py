"""`pyaot build --annotate`: the costs its pages show, the native/fallback
records they share with --report, one page or a directory, and bad paths.
What a browser shows of them is annotate_browser_test.py's."""
import html
import json
import os
import re
import sys
import unittest
from html.parser import HTMLParser

import pyaot_testing as pt
from annotate_example import FALLBACK_BODY, FLOAT_LOOP, GENERIC_CALLS, write_package

PYAOT = None


class Page(HTMLParser):
    """The source lines of a module page (their attributes and text), the
    IR shown for each, and the rows of its tables."""

    def __init__(self, text):
        super().__init__()
        self.lines, self.rows, self.details, self.instructions = {}, [], {}, {}
        self._line = self._row = self._detail = None
        self._depth = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class", "").split()
        if self._detail is not None and tag == "div":
            self._depth += 1
            if "insn" in classes:
                self.instructions[self._detail_id].append(attrs)
        if tag == "div" and "line" in classes:
            self._line = {"attrs": attrs, "classes": classes, "text": ""}
            self.lines[int(attrs["data-line"])] = self._line
        elif tag == "div" and "ir" in classes:
            self._detail, self._depth, self._detail_id = [], 1, attrs["id"]
            self.details[attrs["id"]] = self._detail
            self.instructions[attrs["id"]] = []
        elif tag == "tr" and ("data-module" in attrs or "data-function" in attrs):
            self._row = dict(attrs, cells=[])
            self.rows.append(self._row)
        elif tag == "td" and self._row is not None:
            self._row["cells"].append("")

    def handle_endtag(self, tag):
        if tag == "div" and self._detail is not None:
            self._depth -= 1
            if self._depth == 0:
                self._detail = None
        elif tag == "div" and self._line is not None:
            self._line = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._line is not None:
            self._line["text"] += data
        if self._detail is not None:
            self._detail.append(data)
        if self._row is not None and self._row["cells"]:
            self._row["cells"][-1] += data

    def line_with(self, text):
        found = [n for n, line in self.lines.items() if text in line["text"]]
        assert len(found) == 1, (text, found)
        return found[0]

    def cost(self, n):
        return int(self.lines[n]["attrs"]["data-cost"])

    def kinds(self, n):
        """(kind, cost) of each instruction line n shows."""
        return [(i["data-kind"], int(i["data-cost"]))
                for i in self.instructions.get(self.lines[n]["attrs"].get("data-ir"), [])]

    def detail(self, n):
        return "".join(self.details.get(self.lines[n]["attrs"].get("data-ir"), []))


def shade_alpha(line):
    match = re.search(r"rgba\(\d+, \d+, \d+, ([\d.]+)\)", line["attrs"].get("style", ""))
    return float(match.group(1)) if match else 0.0


class AnnotateTest(unittest.TestCase):
    def setUp(self):
        self.dir = pt.scratch_dir()
        write_package(self.dir)

    def build(self, *args):
        return pt.pyaot(PYAOT, "build", "pkg", "-o", "pkg.so", *args, cwd=self.dir)

    def read(self, *parts):
        with open(os.path.join(self.dir, *parts)) as f:
            return f.read()

    def test_unboxed_float_loop_shades_lighter_than_generic_calls(self):
        result = self.build("--annotate", "notes")
        self.assertEqual(result.returncode, 0, result.stderr)
        page = Page(self.read("notes", "pkg.hot.py.html"))
        floats, generic = page.line_with(FLOAT_LOOP), page.line_with(GENERIC_CALLS)
        self.assertGreater(page.cost(floats), 0)
        self.assertLess(page.cost(floats), page.cost(generic))
        self.assertLess(shade_alpha(page.lines[floats]), shade_alpha(page.lines[generic]))
        # What each line's IR says it does.
        self.assertIn("(as f64)", page.detail(floats))
        self.assertIn("unboxed", [kind for kind, _ in page.kinds(floats)])
        self.assertNotIn("generic", [kind for kind, _ in page.kinds(floats)])
        self.assertIn("generic", [kind for kind, _ in page.kinds(generic)])
        self.assertIn("Call", page.detail(generic))
        self.assertIn("guard:", page.detail(generic))

    def test_a_line_costs_what_its_instructions_cost(self):
        self.assertEqual(self.build("--annotate", "notes").returncode, 0)
        page = Page(self.read("notes", "pkg.hot.py.html"))
        for text in (FLOAT_LOOP, GENERIC_CALLS):
            n = page.line_with(text)
            shown = page.kinds(n)
            self.assertTrue(shown)
            self.assertEqual(sum(cost for _, cost in shown), page.cost(n))

    def test_functions_say_native_or_fallback_as_the_report_does(self):
        result = self.build("--annotate", "notes", "--report", "r.json")
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(self.read("r.json"))
        page = Page(self.read("notes", "pkg.hot.py.html"))
        rows = {row["data-function"]: row["cells"] for row in page.rows}
        entries = [e for e in report["entries"] if e["module"] == "pkg.hot"]
        self.assertEqual(sorted(rows), sorted(e["qualname"] for e in entries))
        for e in entries:
            cells = rows[e["qualname"]]
            self.assertEqual(cells[3], e["status"])
            self.assertEqual(cells[4], e["reason"])
        self.assertEqual(rows["bare_raise"][3], "fallback")
        # The fallback's lines run in the interpreter, and say why.
        n = page.line_with(FALLBACK_BODY)
        self.assertIn("interpreted", page.lines[n]["classes"])
        self.assertIn("runs as bytecode", page.detail(n))
        self.assertIn("bare raise", page.detail(n))

    def test_index_lists_modules_and_functions_by_cost(self):
        self.assertEqual(self.build("--annotate", "notes").returncode, 0)
        index = Page(self.read("notes", "index.html"))
        modules = [(row["data-module"], int(row["cells"][2])) for row in index.rows if "data-module" in row]
        self.assertEqual(sorted(m for m, _ in modules), ["pkg", "pkg.hot", "pkg.quiet"])
        self.assertEqual([c for _, c in modules], sorted((c for _, c in modules), reverse=True))
        self.assertEqual(modules[0][0], "pkg.hot")
        functions = [int(row["cells"][-1]) for row in index.rows if "data-function" in row]
        self.assertEqual(functions, sorted(functions, reverse=True))
        for name in ("pkg.py.html", "pkg.hot.py.html", "pkg.quiet.py.html"):
            self.assertIn(f'href="{name}"', self.read("notes", "index.html"))

    def test_one_page_holds_everything_and_fetches_nothing(self):
        result = self.build("--annotate", "all.html")
        self.assertEqual(result.returncode, 0, result.stderr)
        text = self.read("all.html")
        for module in ("pkg", "pkg.hot", "pkg.quiet"):
            self.assertIn(f"<h1>{module}</h1>", text)
        self.assertIn(html.escape(FLOAT_LOOP, quote=True), text)
        self.assertNotRegex(text, r"(?i)https?://|<link|\bsrc=|@import")
        self.assertEqual(len(re.findall(r'id="(m\d+-L\d+)"', text)),
                         len(set(re.findall(r'id="(m\d+-L\d+)"', text))))

    def test_bad_paths_are_errors(self):
        os.makedirs(os.path.join(self.dir, "taken.html"))
        with open(os.path.join(self.dir, "plain"), "w") as f:
            f.write("a file\n")
        cases = {
            "missing/notes": "the directory 'missing' does not exist",
            "missing/notes.html": "the directory 'missing' does not exist",
            "taken.html": "a directory, not a page",
            "plain": "exists and is not a directory",
        }
        for path, message in cases.items():
            with self.subTest(path=path):
                result = self.build("--annotate", path)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(f"{path}: error: --annotate: {message}", result.stderr)
                self.assertFalse(os.path.exists(os.path.join(self.dir, "pkg.so")))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "missing")))
        result = self.build("--annotate", "")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("error: --annotate: expected a directory or FILE.html", result.stderr)

    def test_a_failed_build_writes_no_report(self):
        pt.write_files(os.path.join(self.dir, "pkg"), {"quiet.py": "def (:\n"})
        result = self.build("--annotate", "notes")
        self.assertEqual(result.returncode, 1)
        self.assertIn("error:", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "notes")))


if __name__ == "__main__":
    PYAOT = sys.argv.pop(1)
    unittest.main()
