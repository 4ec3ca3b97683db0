# Attribute inline caches (LoadAttr / StoreAttr / LoadMethod) must see every
# change: class attributes assigned or deleted after the cache warmed,
# instance attributes shadowing methods, deleted attributes, different
# classes and layouts at one site, properties added later.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Other:
    def __init__(self, y, x):
        # Same names, other insertion order: another layout.
        self.y = y
        self.x = x

    def norm1(self):
        return -1


def read_x(o):
    return o.x


def call_norm(o):
    return o.norm1()


pts = [Point(i, -i) for i in range(5)]
print([read_x(p) for p in pts])
print([call_norm(p) for p in pts])

# Different classes and layouts at one site.
mixed = [Point(1, 2), Other(3, 4), Point(5, 6), Other(7, 8)]
print([read_x(p) for p in mixed])
print([call_norm(p) for p in mixed])

# Assigning a method on the class after the cache warmed.
Point.norm1 = lambda self: self.x * 100
print([call_norm(p) for p in pts])

# Shadowing a method by an instance attribute, then removing the shadow.
p = pts[2]
p.norm1 = lambda: "instance"
print(call_norm(p), call_norm(pts[3]))
del p.norm1
print(call_norm(p), call_norm(pts[3]))

# Deleting the class method: falls back to a base class.


class Base:
    def who(self):
        return "base"


class Child(Base):
    def who(self):
        return "child"


def call_who(o):
    return o.who()


c = Child()
print([call_who(c) for _ in range(3)])
del Child.who
print(call_who(c))
Base.who = lambda self: "new base"
print(call_who(c))

# Deleting an instance attribute: the read must fail, then see a new one.
p = Point(10, 20)
print(read_x(p), read_x(p))
del p.x
try:
    read_x(p)
except AttributeError as e:
    print("AttributeError", e)
p.x = 30
print(read_x(p))

# A class attribute read through an instance, then shadowed per instance.


class Counter:
    step = 1

    def __init__(self):
        self.n = 0

    def bump(self):
        self.n = self.n + self.step
        return self.n


k = Counter()
print([k.bump() for _ in range(3)])
Counter.step = 10
print([k.bump() for _ in range(3)])
k.step = 100
print([k.bump() for _ in range(3)])

# A property added to the class after the store and load caches warmed.


def set_v(o, v):
    o.v = v


def get_v(o):
    return o.v


class Box:
    pass


b = Box()
for i in range(3):
    set_v(b, i)
    print(get_v(b))
log = []
Box.v = property(lambda self: "prop", lambda self, val: log.append(val))
set_v(b, 42)
print(get_v(b), log)
del Box.v
print(get_v(b))

# __setattr__ defined after the store cache warmed.


class Guarded:
    pass


g = Guarded()
set_v(g, 1)
set_v(g, 2)
print(get_v(g))


seen = []


def guarded_setattr(self, name, value):
    seen.append((name, value))


Guarded.__setattr__ = guarded_setattr
set_v(g, 5)
print(get_v(g), seen)

# Layout transitions at one store site: instances that gain attributes in
# different orders.


def make(order):
    o = Box()
    for name in order:
        setattr(o, name, len(name))
    o.last = "end"
    return o


for order in (["a", "b"], ["b", "a"], ["a", "b"], [], ["a"]):
    o = make(order)
    print(list(vars(o).items()), o.last)

# Many instances created and dropped (the collector reuses slots; caches
# must not answer for a freed class).


def make_class(i):
    class K:
        def get(self):
            return i

    return K


total = 0
for i in range(200):
    K = make_class(i)
    inst = K()
    inst.val = i
    total += inst.get() + inst.val
print(total)

# Builtin methods through the method cache, mixed receiver types.


def app(x, v):
    return x.count(v)


print(app([1, 2, 1], 1), app((1, 1, 1), 1), app("banana", "a"), app([1, 2, 1], 1))

# More classes at one site than the cache has entries: the oldest are
# dropped and found again by the slow path.
kinds = []
for i in range(6):
    kinds.append(type("K%d" % i, (Base,), {"who": (lambda j: lambda self: "k%d" % j)(i)}))
objs = [k() for k in kinds]
for i, o in enumerate(objs):
    o.tag = i
print([call_who(o) for o in objs * 3])
print([o.tag for o in objs * 3])
