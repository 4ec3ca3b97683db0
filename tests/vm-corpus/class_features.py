class Temp:
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273:
            raise ValueError("too cold")
        self._c = v
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def describe():
        return "temperature"
    @classmethod
    def make(cls, c):
        t = cls()
        t.celsius = c
        return t
t = Temp.make(100)
print(t.celsius, t.fahrenheit, Temp.describe(), t.describe())
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __len__(self):
        return len(self.xs)
    def __getitem__(self, i):
        return self.xs[i]
    def __setitem__(self, i, v):
        self.xs[i] = v
    def __iter__(self):
        return iter(self.xs)
    def __contains__(self, v):
        return v in self.xs
    def __mul__(self, k):
        return Vec(*[x * k for x in self.xs])
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(*[-x for x in self.xs])
    def __lt__(self, o):
        return sum(self.xs) < sum(o.xs)
    def __bool__(self):
        return any(self.xs)
    def __call__(self, i):
        return self.xs[i] * 10
    def __str__(self):
        return "Vec" + str(self.xs)
v = Vec(1, 2, 3)
v[0] = 5
print(len(v), v[0], v[-1], list(v), 2 in v, 9 in v, str(v * 2), str(3 * v), str(-v), v < Vec(10), bool(Vec(0)), v(1))
print(sorted([Vec(3), Vec(1), Vec(2)])[0], max(Vec(1, 1), Vec(3)))
class A:
    def who(self): return "A"
class B(A):
    def who(self): return "B" + super().who()
class C(A):
    def who(self): return "C" + super().who()
class D(B, C):
    def who(self): return "D" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
class WithGetattr:
    def __getattr__(self, name):
        return name.upper()
print(WithGetattr().hello)
