"""A small package of several modules, compiled by pyaot_extension."""
from .shapes.polygon import Polygon
from .shapes.circle import Circle
from .measure import total_area, largest
