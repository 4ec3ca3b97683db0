# __slots__: no instance dict, only the named attributes, member
# descriptors on the class; subclasses without __slots__ get a dict.

class P:
    __slots__ = ("x", "y")
    def __init__(self, x):
        self.x = x

p = P(1)
print(p.x, hasattr(p, "__dict__"))
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
p.y = 2
print(p.x + p.y)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.y
try:
    del p.y
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(p, "y"))
print(P.x, type(P.x).__name__)
print(P.__slots__)
try:
    vars(p)
except TypeError as e:
    print("TypeError:", e)
print(getattr(p, "y", "default"))

# Warm the attribute caches, then read and write through them.
total = 0
for i in range(100):
    p.y = i
    total += p.x + p.y
print(total)
q = P(5)
try:
    print(q.y)
except AttributeError as e:
    print("AttributeError:", e)

class Child(P):
    pass

c = Child(1)
c.z = 3
c.y = 4
print(c.x, c.y, c.z, hasattr(c, "__dict__"), c.__dict__)

class Slotted(P):
    __slots__ = ("w",)

s = Slotted(7)
s.w = 8
print(s.x, s.w, hasattr(s, "__dict__"))
try:
    s.v = 1
except AttributeError as e:
    print("AttributeError:", e)

class WithDict:
    __slots__ = ("a", "__dict__")

w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.b, w.__dict__)

class One:
    __slots__ = "only"
o = One()
o.only = "yes"
print(o.only)

class Empty:
    __slots__ = ()
try:
    Empty().anything = 1
except AttributeError as e:
    print("AttributeError:", e)

try:
    class Clash:
        __slots__ = ("a",)
        a = 1
except ValueError as e:
    print("ValueError:", e)

try:
    class BadItem:
        __slots__ = ("a", 3)
except TypeError as e:
    print("TypeError:", e)


# A slot read as a descriptor, on the wrong type.
try:
    P.x.__get__(One())
except TypeError as e:
    print("TypeError:", e)
print(P.x.__get__(None, P) is P.x, P.x.__get__(p))
P.x.__set__(p, 11)
print(p.x)
P.x.__delete__(p)
print(hasattr(p, "x"))

# Properties and methods sit beside slots.
class Temp:
    __slots__ = ("_c",)
    def __init__(self, c):
        self._c = c
    @property
    def f(self):
        return self._c * 9 / 5 + 32
print(Temp(100).f)

# Private slot names are mangled like the attribute accesses in methods.
class Private:
    __slots__ = ("__secret",)
    def __init__(self):
        self.__secret = 1
    def get(self):
        return self.__secret
print(Private().get(), hasattr(Private, "_Private__secret"))
