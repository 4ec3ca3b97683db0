# __class_getitem__ (an implicit classmethod) answers Class[item]; other
# Python classes are not subscriptable. Property accessors are attributes.

class Box:
    def __class_getitem__(cls, item):
        name = getattr(item, "__name__", repr(item))
        return f"{cls.__name__}[{name}]"

class SubBox(Box):
    pass

print(Box[int], SubBox[str], Box[3], Box["x", 1])
print(type(Box.__dict__["__class_getitem__"]).__name__)

class Plain:
    pass
try:
    Plain[int]
except TypeError as e:
    print("TypeError:", e)

class F:
    @property
    def x(self):
        return 1
    @x.setter
    def x(self, v):
        pass
print(F.x.fget is not None, F.x.fset is not None, F.x.fdel is None)
