# __getattribute__ overridden in a class sees every attribute load;
# object.__getattribute__ is the default it delegates to; __getattr__
# answers the AttributeErrors it raises. __setattr__/__delattr__ and
# object's versions stay consistent.

class Logged:
    def __init__(self):
        self.a = 1
    def method(self):
        return "method"
    def __getattribute__(self, name):
        log.append(name)
        return object.__getattribute__(self, name)

log = []
o = Logged()
print(o.a, o.method(), log)
for _ in range(5):
    o.a
print(len(log))
try:
    o.missing
except AttributeError as e:
    print("AttributeError:", e)
print(log[-1])

class Upper:
    def __getattribute__(self, name):
        if name.startswith("up_"):
            return object.__getattribute__(self, name[3:]).upper()
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return f"fallback {name}"

u = Upper()
u.word = "hello"
print(u.up_word, u.word, u.nothing)
print(getattr(u, "up_word"), hasattr(u, "zzz"))

class Everything:
    def __getattribute__(self, name):
        return 42

e = Everything()
print(e.x, e.__class__, getattr(e, "y"))

class Sub(Logged):
    pass
log.clear()
s = Sub()
print(s.a, log)

# __getattr__ also answers an AttributeError from a property getter.
class Prop:
    @property
    def broken(self):
        raise AttributeError("inner")
    def __getattr__(self, name):
        return "getattr " + name
print(Prop().broken)

# A Python __setattr__ wins over properties; object.__setattr__ reaches them.
class Guard:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, x):
        print("setter", x)
        object.__setattr__(self, "_v", x)
    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        print("delattr", name)
        super().__delattr__(name)

g = Guard()
g.v = 5
print(g.v)
g.other = 1
del g.other
print(hasattr(g, "other"))
try:
    del g.nothing
except AttributeError as e:
    print("AttributeError:", e)
object.__setattr__(g, "direct", 2)
print(g.direct)
object.__delattr__(g, "direct")
print(hasattr(g, "direct"))

# Warm caches, then add __getattribute__ to the class: it takes effect.
class Late:
    def __init__(self):
        self.x = "plain"
def get(o):
    return o.x
l = Late()
for _ in range(3):
    print(get(l))
Late.__getattribute__ = lambda self, name: "intercepted " + name
print(get(l))
del Late.__getattribute__
print(get(l))

# Methods of builtin values have object's __getattribute__ too.
print("abc".__getattribute__("upper")())
