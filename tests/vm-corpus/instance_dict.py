# An instance's __dict__ is the live attribute dict: writes through it are
# attributes, and attributes set later show in it.

class Config:
    def __init__(self, **kw):
        self.__dict__.update(kw)
    def show(self):
        return sorted(self.__dict__.items())

c = Config(a=1, b="two")
print(c.a, c.b, c.show())
d = c.__dict__
c.z = 3
print(d, d is c.__dict__, vars(c) is d)
d["a"] = 100
del d["b"]
print(c.a, hasattr(c, "b"), c.show())
for _ in range(3):
    c.a += 1
print(c.a, d["a"])
del c.z
print("z" in d, len(d))

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
pts = [Point(i, i * i) for i in range(4)]
for p in pts[:2]:
    p.__dict__["tag"] = "early"
total = 0
for p in pts:
    total += p.x + p.y
    p.x = -p.x
print(total, [(p.x, getattr(p, "tag", None)) for p in pts], vars(pts[0]))

# Replacing the dict.
p = Point(1, 2)
p.__dict__ = {"x": 10, "w": 5}
print(p.x, p.w, hasattr(p, "y"), vars(p))
try:
    p.__dict__ = [1]
except TypeError as e:
    print("TypeError:", e)

# Methods and properties still come from the class.
class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    def bump(self):
        self._c += 1
        return self._c
t = Temp()
t.__dict__["c"] = "shadow?"
print(t.c, t.bump(), t.__dict__)
t.__dict__["bump"] = lambda: "instance function"
print(t.bump())

# Instances with slots and a dict: slot values stay out of __dict__.
class Mixed:
    __slots__ = ("s", "__dict__")
m = Mixed()
m.s = 1
m.other = 2
print(m.__dict__, m.s)
