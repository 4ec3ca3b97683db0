# Calls that skip building argument vectors: defaults filled in place,
# classes instantiated with the arguments left on the stack, dunder and
# bound-method calls. Errors must read as before.


def type_error(fn, *args):
    try:
        fn(*args)
    except TypeError as e:
        print("TypeError", e)


def f(a, b=2, c=3):
    return (a, b, c)


print(f(1), f(1, 20), f(1, 20, 30), f(1, c=5))
type_error(f)
type_error(f, 1, 2, 3, 4)


def outer(k):
    def inner(x, y=k):
        return x + y

    return inner


g = outer(10)
print(g(1), g(1, 2))


class P:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def __add__(self, o):
        return P(self.x + o.x, self.y + o.y)

    def __repr__(self):
        return "P(%r, %r)" % (self.x, self.y)


print(P(1), P(1, 2), P(1, 2) + P(3))
type_error(P)


class Rebind:
    def __init__(self, v):
        self.v = v
        self = None
        junk = [[i] for i in range(50)]


r = Rebind(7)
print(r.v)


class BadInit:
    def __init__(self):
        return 3


type_error(BadInit)


class WithNew:
    def __new__(cls, v):
        o = object.__new__(cls)
        o.made = "new"
        return o

    def __init__(self, v):
        self.v = v


w = WithNew(4)
print(w.made, w.v)


class NoInit:
    pass


print(type(NoInit()).__name__)
type_error(NoInit, 1)


class Base:
    def __init__(self, a, b=1):
        self.s = a + b


class Derived(Base):
    pass


print(Derived(1).s, Derived(1, 5).s)

bound = P(5).__add__
print(bound(P(1, 1)))
print(list(map(f, [1, 2])))
print(sorted([P(3), P(1), P(2)], key=lambda p: p.x))

# The same errors from direct calls (not through *args).
for thunk in (lambda: P(), lambda: BadInit(), lambda: f(), lambda: P(1, 2, 3)):
    type_error(thunk)

# Builtin functions with few and many arguments, and through a method cache.
print(max(3, 9, 4), min(5, 2), max(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), len("abc"))
print(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, sep="-")
items = []
for i in range(5):
    items.append(i * i)
print(items, "-".join(str(i) for i in items))


def gen(n, scale=1):
    total = 0
    for i in range(n):
        try:
            got = yield i * scale
            if got:
                total += got
        finally:
            total += 1000
    return total


g = gen(4, 10)
print(next(g), g.send(5), next(g), g.send(7))
try:
    next(g)
except StopIteration as e:
    print("returned", e.value)
print(sum(x * 2 for x in gen(5)), list(gen(3, 3)))
