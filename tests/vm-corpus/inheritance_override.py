class Base:
    def template(self):
        return f"[{self.part_a()}|{self.part_b()}]"
    def part_a(self):
        return "base-a"
    def part_b(self):
        return "base-b"
class Mid(Base):
    def part_a(self):
        return "mid-a"
class Leaf(Mid):
    def part_b(self):
        return "leaf-b/" + super().part_b()
print(Base().template(), Mid().template(), Leaf().template())
print(isinstance(Leaf(), Base), issubclass(Leaf, Mid), Leaf.part_a is Mid.part_a)
