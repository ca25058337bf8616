"""The compiled geometry package behaves as its source."""
import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def load_source():
    spec = importlib.util.spec_from_file_location(
        "geometry_source", os.path.join(HERE, "src", "geometry", "__init__.py"),
        submodule_search_locations=[os.path.join(HERE, "src", "geometry")])
    module = importlib.util.module_from_spec(spec)
    sys.modules["geometry_source"] = module
    spec.loader.exec_module(module)
    return module


def exercise(g):
    shapes = [g.Polygon([(0, 0), (4, 0), (4, 3)]), g.Circle(1.5), g.Polygon([(0, 0), (2, 0), (2, 2), (0, 2)])]
    out = [repr(shapes), g.total_area(shapes), repr(g.largest(shapes))]
    try:
        g.Circle(-1)
    except ValueError as e:
        out.append(str(e))
    return out


class GeometryTest(unittest.TestCase):
    def test_compiled_package_matches_source(self):
        sys.path.insert(0, HERE)  # the .so sits beside this test in the runfiles
        import geometry
        self.assertTrue(geometry.__spec__.origin.endswith(".cpython-311-x86_64-linux-gnu.so"),
                        geometry.__spec__.origin)
        self.assertEqual(exercise(geometry), exercise(load_source()))


if __name__ == "__main__":
    unittest.main()
