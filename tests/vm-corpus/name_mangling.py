# Private names (__x) in a class body mean _Class__x, so a base and a
# subclass each keep their own.

class Base:
    def __init__(self):
        self.__secret = "base"
        self.__count = 0
    def __helper(self):
        return "base helper"
    def reveal(self):
        self.__count += 1
        return self.__secret, self.__helper(), self.__count

class Child(Base):
    def __init__(self):
        super().__init__()
        self.__secret = "child"
    def __helper(self):
        return "child helper"
    def mine(self):
        return self.__secret, self.__helper()

c = Child()
print(c.reveal(), c.mine())
print(sorted(k for k in vars(c)))
print(c._Base__secret, c._Child__secret, Base._Base__helper.__name__, Base._Base__helper.__qualname__)
print(hasattr(c, "__secret"), "__init__" in Base.__dict__, "_Base__helper" in Base.__dict__)

class _Under:
    def __init__(self):
        self.__v = 1
print(vars(_Under()))

class __Dunder__:
    __x = 5
    def get(self):
        return self.__x
print(__Dunder__().get(), "_Dunder____x" in __Dunder__.__dict__ or "___Dunder____x" in __Dunder__.__dict__, sorted(k for k in __Dunder__.__dict__ if "x" in k))

class Slotted:
    __slots__ = ("__a", "b")
    def __init__(self):
        self.__a = 1
        self.b = 2
    def total(self):
        return self.__a + self.b
s = Slotted()
print(s.total(), hasattr(Slotted, "_Slotted__a"), type(Slotted._Slotted__a).__name__)

# Mangled inside nested functions, lambdas, comprehensions, keywords.
class K:
    def __init__(self, **kw):
        self.kw = kw
    def make(self):
        __local = 3
        f = lambda: __local + 1
        return f(), [__local * i for i in range(3)], K(__opt=1).kw
print(K().make())

def outside():
    return "outside"
__glob = "module level"
class UsesGlobal:
    def get(self):
        try:
            return __glob
        except NameError as e:
            return "NameError: " + str(e)
print(UsesGlobal().get())

class Outer:
    class __Inner:
        pass
    def inner_name(self):
        return self.__Inner.__name__, self.__Inner.__qualname__
print(Outer().inner_name(), hasattr(Outer, "_Outer__Inner"))

# Dunder names and names not starting with two underscores are untouched.
class Plain:
    def __repr__(self):
        return "Plain()"
    _one = 1
    __two__ = 2
print(Plain(), Plain._one, Plain.__two__)
try:
    Base().__secret
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(Base(), "_Base__secret"))
