class Outer:
    class Inner:
        def __init__(self, v):
            self.v = v
        def __repr__(self):
            return f"Inner({self.v})"
    def make(self, v):
        return self.Inner(v)
print(Outer().make(3), Outer.Inner(4), Outer.Inner.__name__, type(Outer.Inner(1)).__qualname__ if hasattr(type(Outer.Inner(1)), "__qualname__") else "")
