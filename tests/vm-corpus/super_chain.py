class Base:
    def __init__(self):
        self.trail = ["Base"]
    def greet(self):
        return "base"
class Left(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Left")
    def greet(self):
        return "left+" + super().greet()
class Right(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Right")
    def greet(self):
        return "right+" + super().greet()
class Child(Left, Right):
    def __init__(self):
        super().__init__()
        self.trail.append("Child")
    def greet(self):
        return "child+" + super().greet()
c = Child()
print(c.trail, c.greet(), [k.__name__ for k in Child.__mro__])
print(super(Left, c).greet(), super(Child, c).greet())
