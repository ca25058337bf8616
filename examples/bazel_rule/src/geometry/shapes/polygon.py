class Polygon:
    def __init__(self, points):
        self.points = list(points)

    def area(self):
        total = 0.0
        n = len(self.points)
        for i in range(n):
            x1, y1 = self.points[i]
            x2, y2 = self.points[(i + 1) % n]
            total += x1 * y2 - x2 * y1
        return abs(total) / 2

    def __repr__(self):
        return "Polygon(%d points)" % len(self.points)
