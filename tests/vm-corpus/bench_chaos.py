import sys, random
# Chaos game: iterate random affine maps and bin the visited points.

class Vec2:
    __hash__ = None
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, o):
        return Vec2(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec2(self.x * k, self.y * k)
    def lerp(self, o, t):
        return self * (1 - t) + o * t

def chaos(n, size):
    random.seed(1234)
    corners = [Vec2(0.0, 0.0), Vec2(1.0, 0.0), Vec2(0.5, 0.8660254)]
    p = Vec2(0.3, 0.3)
    grid = [[0] * size for _ in range(size)]
    for _ in range(n):
        c = random.choice(corners)
        p = p.lerp(c, 0.5)
        gx = min(size - 1, int(p.x * size))
        gy = min(size - 1, int(p.y * size))
        grid[gy][gx] += 1
    return grid

n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
g = chaos(n, 16)
for row in reversed(g):
    print("".join("#" if v > 20 else ("+" if v > 4 else ("." if v else " ")) for v in row))
print(sum(map(sum, g)))
