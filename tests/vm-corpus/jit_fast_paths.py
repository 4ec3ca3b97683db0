# The instructions machine code does inline or through a fast path, with
# the cases each one's guard must hand back to the interpreter.

def floors(pairs):
    out = []
    for a, b in pairs:
        try:
            out.append((a // b, a % b))
        except ZeroDivisionError as e:
            out.append(("ZeroDivisionError", str(e)))
    return out

MIN = -2**63
print(floors([(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (-6, 3), (0, 5), (5, 0),
              (MIN, -1), (MIN, 1), (MIN, 7), (2**63 - 1, -2), (7.5, 2), (-7.5, 2), (7, 2.5)]))

def negs(xs):
    return [-x for x in xs]

print(negs([0, 5, -5, MIN, 2**63 - 1, 0.0, -0.0, 1.5, float("inf"), True, 2**70]))
print([str(x) for x in negs([float("nan")])])

def mixed(a, b):
    return a + b, a - b, a * b, a / b

print(mixed(1, 2.5), mixed(2.5, 1), mixed(2**53 + 1, 0.5), mixed(-3, -0.0 + 1e-300))
try:
    mixed(1, 0.0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    mixed(2**1100, 1.0)
except OverflowError as e:
    print("OverflowError", e)

def ident(xs):
    out = []
    for a in xs:
        row = []
        for b in xs:
            row.append((a is b, a is not b))
        out.append(row)
    return out

obj = object()
nan = float("nan")
for row in ident([None, True, False, 1, 1.0, nan, obj, "s", 0, -0.0, 0.0]):
    print("".join("T" if x else "F" for x, _ in row), all(x != y for x, y in row))

def subscripts(seq, idx):
    out = []
    for i in idx:
        try:
            out.append(seq[i])
        except IndexError as e:
            out.append("IndexError: " + str(e))
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out

print(subscripts([10, 20, 30], [0, 2, -1, -3, 3, -4, True, 1.0]))
print(subscripts((10, 20, 30), [1, -2, 5]))
print(subscripts("héllo", [0, 1, -1, 9]), subscripts("abc", [0, -1, 3]))
print(subscripts({1: "one", -1: "minus"}, [1, -1, 2]) if False else subscripts({1: "one", -1: "minus"}, [1, -1]))

def stores(xs):
    for i in range(len(xs)):
        xs[i] += i
        xs[-1 - i] *= 2
    try:
        xs[len(xs)] = 0
    except IndexError as e:
        print("IndexError:", e)
    d = {}
    for i in range(3):
        d[i] = i * i
        d[i] += 1
    return xs, d

print(stores([1, 2, 3, 4]))

class P:
    def __init__(self, x):
        self.x = x
        self.y = 0

    def bump(self):
        self.y += self.x
        return self.y

class Q(P):
    @property
    def x(self):
        return 100

    @x.setter
    def x(self, v):
        pass

def attrs(objs, n):
    total = 0
    for _ in range(n):
        for o in objs:
            total += o.bump() + o.x
    return total

ps = [P(1), P(2)]
print(attrs(ps, 5), [p.y for p in ps])
print(attrs([P(3), Q(4)], 3))
ps[0].extra = 1          # a new shape for one of them
del ps[1].y              # and a missing attribute for the other
try:
    print(attrs(ps, 2))
except AttributeError as e:
    print("AttributeError:", e)

G = 1
def read_global():
    return G + len("ab")

print(read_global())
G = 10
print(read_global())
del G
try:
    read_global()
except NameError as e:
    print("NameError:", e)
len = lambda s: 100
print(read_global.__name__, (lambda: 5)())
del len

def iterate(it):
    out = 0
    for x in it:
        out = out * 3 + x
    return out

print(iterate(range(10)), iterate(range(10, 0, -3)), iterate([1, 2, 3]), iterate((4, 5)),
      iterate(b"ab"), iterate(iter([7, 8])), iterate(x for x in (1, 2)), iterate({1: 0, 2: 0}))
grow = [1, 2]
for v in grow:
    if len(grow) < 6:
        grow.append(v + 10)
print(grow)

def methods(xs):
    out = []
    for x in xs:
        out.append(x.upper() if isinstance(x, str) else x.bit_length())
    return out

print(methods(["a", 5, "bc", 1024]))

def rotations(a, b, c):
    a[0], b.x, c = c, a[0], b.x
    return a, b.x, c

print(rotations([1], P(2), 3))
