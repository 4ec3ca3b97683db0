class Point:
    count = 0
    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count += 1
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def norm2(self):
        return self.x ** 2 + self.y ** 2
p = Point(1, 2) + Point(3, 4)
print(p, p.norm2(), Point.count, p == Point(4, 6), p != Point(0, 0), {p: "here"}[Point(4, 6)])
print(str(p), repr([p]), type(p).__name__, isinstance(p, Point), isinstance(3, Point))
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
class Dog(Animal):
    sound = "woof"
class Puppy(Dog):
    def speak(self):
        return super().speak() + "!"
for a in [Animal("x"), Dog("rex"), Puppy("bit")]:
    print(a.speak())
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), Puppy.__mro__ == (Puppy, Dog, Animal, object))
print(hasattr(p, "x"), getattr(p, "z", "no"), p.__class__.__name__)
setattr(p, "z", 5); print(p.z); delattr(p, "z"); print(hasattr(p, "z"))
class Empty:
    pass
e = Empty(); e.attr = 1; print(e.attr, type(e).__name__)
try:
    e.missing
except AttributeError as ex:
    print("AttributeError:", ex)
