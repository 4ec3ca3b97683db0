import sys, math
# A tiny ray tracer: spheres, a point light, Lambert shading, shadows;
# prints the image as ASCII art and a checksum.

class V:
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z
    def __add__(self, o): return V(self.x + o.x, self.y + o.y, self.z + o.z)
    def __sub__(self, o): return V(self.x - o.x, self.y - o.y, self.z - o.z)
    def __mul__(self, k): return V(self.x * k, self.y * k, self.z * k)
    def dot(self, o): return self.x * o.x + self.y * o.y + self.z * o.z
    def norm(self):
        l = math.sqrt(self.dot(self))
        return V(self.x / l, self.y / l, self.z / l)

class Sphere:
    def __init__(self, c, r, shade):
        self.c, self.r, self.shade = c, r, shade
    def hit(self, orig, d):
        oc = orig - self.c
        b = oc.dot(d)
        cc = oc.dot(oc) - self.r * self.r
        disc = b * b - cc
        if disc < 0:
            return None
        t = -b - math.sqrt(disc)
        return t if t > 1e-6 else None

def trace(scene, light, orig, d):
    best, obj = None, None
    for s in scene:
        t = s.hit(orig, d)
        if t is not None and (best is None or t < best):
            best, obj = t, s
    if obj is None:
        return 0.0
    p = orig + d * best
    n = (p - obj.c).norm()
    l = (light - p).norm()
    for s in scene:
        if s is not obj and s.hit(p, l) is not None:
            return 0.05
    return max(0.0, n.dot(l)) * obj.shade

def render(w, h):
    scene = [Sphere(V(0, -0.5, 3), 1.0, 1.0), Sphere(V(1.5, 0.5, 4), 0.7, 0.8), Sphere(V(-1.4, 0.3, 3.5), 0.5, 0.6)]
    light = V(-3, 4, -1)
    rows, total = [], 0.0
    for j in range(h):
        row = ""
        for i in range(w):
            d = V((i - w / 2) / w * 2, (h / 2 - j) / h * 2, 1).norm()
            v = trace(scene, light, V(0, 0, 0), d)
            total += v
            row += " .:-=+*#%@"[min(9, int(v * 10))]
        rows.append(row)
    return rows, total

size = int(sys.argv[1]) if len(sys.argv) > 1 else 14
rows, total = render(size * 2, size)
print("\n".join(rows))
print("%.6f" % total)
