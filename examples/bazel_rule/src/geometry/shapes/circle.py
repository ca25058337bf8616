import math


class Circle:
    def __init__(self, radius):
        if radius < 0:
            raise ValueError("negative radius: %r" % radius)
        self.radius = radius

    def area(self):
        return math.pi * self.radius ** 2

    def __repr__(self):
        return "Circle(%g)" % self.radius
