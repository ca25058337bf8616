"""Polygon areas in units named by a data file."""
from .polygons import area


def main():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    triangle = [(0, 0), (4, 0), (0, 3)]
    for name, points in (("square", square), ("triangle", triangle)):
        print(name, area.describe(points))
    print("compiled:", __file__.endswith(".so"))
