# The general descriptor protocol: data descriptors (__set__/__delete__)
# win over the instance dict, non-data descriptors (__get__ only) lose to
# it; __set_name__ at class creation; descriptors seen from the class.

class Typed:
    def __init__(self, kind):
        self.kind = kind
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = "_" + name
    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name[1:]} must be {self.kind.__name__}, not {type(value).__name__}")
        setattr(obj, self.name, value)
    def __delete__(self, obj):
        print("delete", self.name)
        delattr(obj, self.name)

class Point:
    x = Typed(int)
    y = Typed(int)
    def __init__(self, x, y):
        self.x = x
        self.y = y

p = Point(1, 2)
print(p.x, p.y, sorted(vars(p)))
p.x = 10
print(p.x)
try:
    p.y = "no"
except TypeError as e:
    print("TypeError:", e)
# A data descriptor added to the class later wins over an instance dict
# entry of the same name (and the warmed-up caches notice).
class Later:
    pass
def read(o):
    return o.v
lt = Later()
lt.v = "from dict"
for _ in range(3):
    print(read(lt))
class Always:
    def __get__(self, obj, owner):
        return "from descriptor"
    def __set__(self, obj, value):
        print("__set__", value)
Later.v = Always()
print(read(lt), sorted(vars(lt)))
lt.v = 3
print(read(lt))
del Later.v
print(read(lt))
del p.x
print(p.x)
print(type(Point.x).__name__, Point.x.kind.__name__)

# A loop over many reads and writes: the attribute caches must not bypass
# the descriptor once warmed up.
total = 0
for i in range(50):
    p.x = i
    total += p.x
print(total)

class Lazy:
    """A non-data descriptor: the instance dict shadows it once set."""
    def __init__(self, f):
        self.f = f
    def __get__(self, obj, owner):
        if obj is None:
            return "class access"
        v = self.f(obj)
        setattr(obj, self.f.__name__, v)
        print("computed", self.f.__name__)
        return v

class Circle:
    def __init__(self, r):
        self.r = r
    @Lazy
    def area(self):
        return 3 * self.r * self.r

c = Circle(2)
print(c.area, c.area, c.area)
print(Circle.area)
c.area = 5
print(c.area)

class Const:
    def __get__(self, obj, owner):
        return 42

class Holder:
    k = Const()
    def m(self):
        return self.k

h = Holder()
print(h.k, Holder.k, h.m())
h.k = 7          # no __set__: goes into the instance dict
print(h.k, Holder.k)
del h.k
print(h.k)

class ReadOnly:
    def __get__(self, obj, owner):
        return "ro"
    def __set__(self, obj, value):
        raise AttributeError("read-only attribute")

class R:
    a = ReadOnly()

r = R()
try:
    r.a = 1
except AttributeError as e:
    print("AttributeError:", e)
print(r.a)

class OnlyDelete:
    def __delete__(self, obj):
        print("deleting")

class S:
    d = OnlyDelete()

s = S()
try:
    s.d = 1
except AttributeError as e:
    print("AttributeError:", e)
del s.d
print(type(s.d).__name__)

# A descriptor whose __get__ is looked up on its type, not the instance.
class Weird:
    def __get__(self, obj, owner):
        return "type's __get__"
w = Weird()
w.__get__ = lambda *a: "instance's __get__"
class T:
    attr = w
print(T().attr)

# Bound methods are descriptors too: functions stored on an instance are not.
class U:
    def f(self):
        return "method"
u = U()
u.g = lambda: "plain"
print(u.f(), u.g())

# setattr/getattr/delattr go through the same protocol.
setattr(p, "y", 99)
print(getattr(p, "y"))
delattr(p, "y")
print(getattr(p, "y"))

# __set_name__ errors are wrapped in RuntimeError as CPython 3.11 does.
class Bad:
    def __set_name__(self, owner, name):
        raise ValueError("nope")
try:
    class V:
        b = Bad()
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))

# __set_name__ also runs for type(name, bases, dict).
Z = type("Z", (), {"t": Typed(str)})
z = Z()
z.t = "hi"
print(z.t)

# The builtin descriptors' own __get__/__set__/__delete__, for code that
# forwards to them by hand.
class A:
    def f(self):
        return "f"
    @property
    def p(self):
        return "p"
    @classmethod
    def c(cls):
        return cls.__name__
    @staticmethod
    def s():
        return "s"
a = A()
print(A.__dict__["f"].__get__(a, A)(), A.__dict__["f"].__get__(None, A) is A.__dict__["f"])
print(A.__dict__["p"].__get__(a, A), A.__dict__["p"].__get__(None, A) is A.__dict__["p"])
print(A.__dict__["c"].__get__(None, A)(), A.__dict__["c"].__get__(a)(), A.__dict__["s"].__get__(a, A)())
def g(self):
    return "g " + type(self).__name__
print(g.__get__(a)())
for op in (lambda: A.p.__set__(a, 1), lambda: A.p.__delete__(a)):
    try:
        op()
    except AttributeError as e:
        print("AttributeError:", e)

class Wrap:
    """A decorator that forwards binding to the function it wraps."""
    def __init__(self, f):
        self.f = f
    def __get__(self, obj, owner=None):
        return self if obj is None else self.f.__get__(obj, owner)
class B:
    @Wrap
    def m(self, x):
        return x * 2
print(B().m(4), type(B.m).__name__)
