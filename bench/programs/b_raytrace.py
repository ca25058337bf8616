"""Method-heavy OO: a small ray tracer with a Vec class, properties and spheres."""

import math

DEFAULT_N = 160


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y, self.z - other.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    @property
    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        ln = self.length
        return Vec(self.x / ln, self.y / ln, self.z / ln)


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def at(self, t):
        return self.origin + self.direction.scale(t)


class Sphere:
    def __init__(self, center, radius, shade):
        self.center = center
        self.radius = radius
        self.shade = shade

    @property
    def radius_sq(self):
        return self.radius * self.radius

    def intersect(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius_sq
        disc = b * b - c
        if disc < 0.0:
            return None
        sq = math.sqrt(disc)
        t = -b - sq
        if t > 1e-6:
            return t
        t = -b + sq
        if t > 1e-6:
            return t
        return None

    def normal_at(self, p):
        return (p - self.center).normalized()


class Scene:
    def __init__(self):
        self.objects = []
        self.light = Vec(5.0, 5.0, -10.0)

    def add(self, obj):
        self.objects.append(obj)
        return self

    def nearest(self, ray):
        best_t = None
        best = None
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = obj
        return best, best_t

    def trace(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            return 0.1
        p = ray.at(t)
        nrm = obj.normal_at(p)
        to_light = (self.light - p).normalized()
        shadow_obj, _ = self.nearest(Ray(p, to_light))
        diffuse = 0.0 if shadow_obj is not None else max(0.0, nrm.dot(to_light))
        color = obj.shade * (0.2 + 0.8 * diffuse)
        if depth > 0:
            d = ray.direction
            refl = d - nrm.scale(2.0 * d.dot(nrm))
            color += 0.3 * self.trace(Ray(p, refl), depth - 1)
        return color


def build_scene():
    scene = Scene()
    scene.add(Sphere(Vec(0.0, -1.0, 3.0), 1.0, 0.9))
    scene.add(Sphere(Vec(2.0, 0.0, 4.0), 1.0, 0.6))
    scene.add(Sphere(Vec(-2.0, 0.0, 4.0), 1.0, 0.7))
    scene.add(Sphere(Vec(0.0, -5001.0, 0.0), 5000.0, 0.5))
    return scene


def run(n):
    scene = build_scene()
    eye = Vec(0.0, 0.0, -1.0)
    total = 0
    for j in range(n):
        for i in range(n):
            x = (i - n / 2.0) / n
            y = (j - n / 2.0) / n
            ray = Ray(eye, Vec(x, y, 1.0))
            c = scene.trace(ray, 2)
            total += int(c * 255.0)
    return total
