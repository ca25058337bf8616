class Point:
    dims = 2

    def norm(self):
        return self.x * self.x
