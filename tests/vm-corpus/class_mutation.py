class Base:
    kind = "base"
    def hello(self):
        return "hello"
class Child(Base):
    pass
c = Child()
print(c.kind, c.hello())
Base.kind = "changed"
Base.hello = lambda self: "patched"
print(c.kind, c.hello(), Child.kind)
Child.kind = "child-own"
print(c.kind, Base.kind)
del Child.kind
print(c.kind)
setattr(Base, "extra", 42)
print(c.extra, hasattr(c, "extra"))
del Base.extra
print(hasattr(c, "extra"))
def make_class(n):
    class Temp:
        value = n
        def get(self):
            return self.value
    return Temp
objs = [make_class(i)() for i in range(5)]
print([o.get() for o in objs], [type(o).value for o in objs])
class P:
    @property
    def v(self):
        return 1
p = P()
print(p.v)
P.v = property(lambda self: 2)
print(p.v)
