"""`pyaot build --annotate` as a user sees it: the pages loaded in headless
Chromium (Debian's chromium and chromium-driver, driven by selenium), the
DOM after the page's script ran: lines shaded by their cost, a line's IR
shown by a click and hidden by another, the index's links."""
import os
import re
import sys
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

import pyaot_testing as pt
from annotate_example import FALLBACK_BODY, FLOAT_LOOP, GENERIC_CALLS, write_package

PYAOT = None


def alpha(css_color):
    """The opacity of a computed `background-color` (0 for none)."""
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", css_color)
    if match is None:
        raise AssertionError("not a CSS colour: " + css_color)
    return float(match.group(4)) if match.group(4) is not None else 1.0


class AnnotateBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = pt.scratch_dir()
        write_package(cls.dir)
        result = pt.pyaot(PYAOT, "build", "pkg", "-o", "pkg.so", "--annotate", "notes", cwd=cls.dir)
        if result.returncode != 0:
            raise AssertionError(result.stderr)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--user-data-dir=" + os.path.join(cls.dir, "profile")):
            options.add_argument(argument)
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()

    def open(self, page):
        self.browser.get("file://" + os.path.join(self.dir, "notes", page))

    def line_with(self, text):
        lines = [line for line in self.browser.find_elements(By.CSS_SELECTOR, ".line")
                 if text in line.find_element(By.CSS_SELECTOR, ".code").text]
        self.assertEqual(len(lines), 1, text)
        return lines[0]

    def test_lines_are_shaded_by_their_work(self):
        self.open("pkg.hot.py.html")
        floats = self.line_with(FLOAT_LOOP)
        generic = self.line_with(GENERIC_CALLS)
        float_shade = alpha(floats.value_of_css_property("background-color"))
        generic_shade = alpha(generic.value_of_css_property("background-color"))
        self.assertGreater(float_shade, 0)
        self.assertGreater(generic_shade, float_shade)
        # A line of the function left to bytecode: hatched, and its badge says why.
        interpreted = self.line_with(FALLBACK_BODY)
        self.assertIn("repeating-linear-gradient", interpreted.value_of_css_property("background-image"))
        self.assertEqual(floats.value_of_css_property("background-image"), "none")
        badge = self.line_with("def bare_raise").find_element(By.CSS_SELECTOR, ".badge")
        self.assertEqual(badge.text, "fallback")
        self.assertIn("bare raise", badge.get_attribute("title"))

    def test_a_click_shows_the_lines_ir_and_another_hides_it(self):
        self.open("pkg.hot.py.html")
        floats = self.line_with(FLOAT_LOOP)
        ir = self.browser.find_element(By.ID, floats.get_attribute("data-ir"))
        self.assertFalse(ir.is_displayed())
        floats.click()
        self.assertTrue(ir.is_displayed())
        shown = ir.text
        self.assertIn("in floats (native)", shown)
        self.assertRegex(shown, r"r\d+/f64 = BinaryOp \* \(as f64\) r\d+, r\d+")
        self.assertIn("guard: r", shown)
        self.assertIn("protects the operation computed in doubles", shown)
        kinds = {e.get_attribute("data-kind") for e in ir.find_elements(By.CSS_SELECTOR, ".insn")}
        self.assertIn("unboxed", kinds)
        self.assertLessEqual(kinds, {"none", "refcount", "unboxed"})
        others = [e for e in self.browser.find_elements(By.CSS_SELECTOR, ".ir") if e.is_displayed()]
        self.assertEqual(others, [ir])  # only the clicked line's
        floats.click()
        self.assertFalse(ir.is_displayed())

    def test_the_index_links_modules_by_cost(self):
        self.open("index.html")
        rows = self.browser.find_elements(By.CSS_SELECTOR, "table.modules tr[data-module]")
        self.assertEqual([r.get_attribute("data-module") for r in rows][0], "pkg.hot")
        self.assertEqual({r.get_attribute("data-module") for r in rows}, {"pkg", "pkg.hot", "pkg.quiet"})
        costs = [int(r.find_element(By.CSS_SELECTOR, "td.cost").text) for r in rows]
        self.assertEqual(costs, sorted(costs, reverse=True))
        rows[0].find_element(By.TAG_NAME, "a").click()
        self.assertTrue(self.browser.current_url.endswith("/notes/pkg.hot.py.html"))
        self.assertEqual(self.browser.find_element(By.TAG_NAME, "h1").text, "pkg.hot")


if __name__ == "__main__":
    PYAOT = sys.argv.pop(1)
    unittest.main()
