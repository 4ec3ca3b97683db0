# __init_subclass__ (an implicit classmethod) runs for each new subclass.

registry = []

class Plugin:
    def __init_subclass__(cls):
        super().__init_subclass__()
        registry.append(cls.__name__)
        cls.tag = cls.__name__.lower()

class A(Plugin):
    pass

class B(A):
    pass

print(registry, A.tag, B.tag)
print(type(Plugin.__dict__["__init_subclass__"]).__name__)

class Counted:
    count = 0
    def __init_subclass__(cls, **kw):
        Counted.count += 1
        print("init_subclass", cls.__name__, kw)

class C1(Counted):
    pass
class C2(Counted):
    x = 1
print(Counted.count)

# Raising from __init_subclass__ aborts the class statement.
class Strict:
    def __init_subclass__(cls):
        if not hasattr(cls, "required"):
            raise TypeError(f"{cls.__name__} lacks 'required'")

try:
    class Missing(Strict):
        pass
except TypeError as e:
    print("TypeError:", e)

class Fine(Strict):
    required = True
print("Fine made")

# type() runs it too.
T = type("T", (Plugin,), {})
print(registry)

# Class keywords go to __init_subclass__.
class Shape:
    def __init_subclass__(cls, sides=0, **extra):
        super().__init_subclass__(**extra)
        cls.sides = sides

class Triangle(Shape, sides=3):
    pass

class Blob(Shape):
    pass

print(Triangle.sides, Blob.sides)

try:
    class Odd(Shape, sides=1, colour="red"):
        pass
except TypeError as e:
    print("TypeError:", e)

try:
    class NoHook(object, flag=True):
        pass
except TypeError as e:
    print("TypeError:", e)

def make(n):
    class Inner(Shape, sides=n * 2):
        pass
    return Inner
print(make(4).sides)
