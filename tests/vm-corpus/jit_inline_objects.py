# Subscripts, stores and `for` loops that jitted code does inline, with
# the edge cases each must leave to the general path.

class Squares:
    """Not a list (the VM has no list subclasses yet): its own protocol."""

    def __init__(self, items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return ("sq", self.items[i] ** 2)

    def __setitem__(self, i, v):
        self.items[i] = v * 10

    def __iter__(self):
        return iter(["overridden"])


def reads(xs):
    out = []
    for i in range(-len(xs) - 2, len(xs) + 2):
        try:
            out.append(xs[i])
        except IndexError as e:
            out.append(("IndexError", str(e)))
    return out


def stores(xs):
    for i in range(-len(xs) - 1, len(xs) + 1):
        try:
            xs[i] = i * 3
        except IndexError as e:
            print("store", i, "IndexError", e)
        except TypeError as e:
            print("store", i, "TypeError", e)
    return xs


def loop_kinds():
    total = 0
    for x in [1, 2, 3]:
        total += x
    for x in (10, 20):
        total += x
    for x in range(5, 0, -2):
        total += x
    for x in range(0):
        total += 1000
    for x in range(0, 2 ** 63 - 1, 2 ** 62):
        print("big step", x)
    for x in range(2 ** 63 - 4, 2 ** 63 - 1):  # (the VM's ranges stop at i64)
        print("past i64", x)
    for x in "ab":
        total += ord(x)
    for k in {"a": 1, "b": 2}:
        total += len(k)
    return total


def mutate_while_iterating():
    xs = [1, 2, 3]
    seen = []
    for x in xs:
        seen.append(x)
        if x < 3 and len(xs) < 6:
            xs.append(x + 10)
    ys = [1, 2, 3, 4, 5, 6]
    for y in ys:
        seen.append(y)
        ys.remove(y)
    return seen, ys


def exhausted_iterator():
    it = iter([1, 2])
    first = [x for x in it]
    second = [x for x in it]
    r = iter(range(3))
    for x in r:
        if x == 1:
            break
    rest = list(r)
    return first, second, rest


for _ in range(3):  # several rounds: interpreted, then compiled
    print(reads([1, 2, 3]))
    print(reads((4, 5)))
    print(reads(Squares([1, 2, 3]))[:3])
    print([1, 2][True], (3, 4)[False], "xyz"[1], {"k": 5}["k"], b"ab"[0])
    print(stores([0, 0, 0]))
    print(stores(Squares([0, 0])).items)
    try:
        stores((1, 2))
    except TypeError as e:
        print("tuple store", e)
    d = {}
    d[1] = 2
    print(d)
    print(loop_kinds())
    print(list(Squares([5])), [x for x in Squares([5])])
    print(mutate_while_iterating())
    print(exhausted_iterator())


class Acc:
    def __init__(self):
        self.n = 0
        self.items = None

    def add(self, k):
        self.n = self.n + k
        # Allocation in the loop: collections run (and start a new cache
        # epoch) while the attribute sites are hot.
        self.items = [k] * 50
        return self.n


def accumulate(objs, rounds):
    for r in range(rounds):
        for o in objs:
            o.add(r)
    return [o.n for o in objs]


a, b = Acc(), Acc()
b.extra = "other shape"
c = Acc()
vars(c)  # its attributes now live in the dict handed out
print(accumulate([a, b, c], 300))
c.__dict__["n"] = -1
print(accumulate([c, a], 2), c.n, b.extra)
Acc.add = lambda self, k: "replaced"
print(accumulate([a], 1), a.n)


# Sites that meet several classes: machine code checks every cache way
# the site had filled when it was compiled.
class Ax:
    def __init__(self, v):
        self.x = v

    def m(self):
        return self.x + 1


class Bx:
    def __init__(self, v):
        self.pad = 0
        self.x = v * 2

    def m(self):
        return self.x - 1


class Cx(Ax):
    def m(self):
        return -self.x


def polymorphic(n):
    objs = [Ax(1), Bx(2), Cx(3)]
    total = 0
    for i in range(n):
        o = objs[i % 3]
        o.x = o.x + 1
        total = total + o.m() + o.x
        if i == n // 2:
            # A method replaced and a new attribute (another shape) while
            # the compiled code runs: its ways must stop matching.
            Bx.m = lambda self: 1000
            objs[0].extra = 5
        if i == n * 3 // 4:
            objs.append(Ax(7))
            objs[0] = Bx(9)
    return total, [o.x for o in objs]


print("polymorphic", polymorphic(6000))


# len() of lists, tuples and strs inline; of anything else, or when the
# name len is something else, the call as before.
class Sized:
    def __len__(self):
        return 7


def lengths(n):
    xs = [1, 2, 3]
    t = (1,)
    s = "héllo"
    d = {1: 2}
    tot = 0
    for i in range(n):
        tot = tot + len(xs) + len(t) + len(s) + len(d) + len(Sized()) + len(s[: i % 4])
        if i == n // 2:
            xs.append(0)
    try:
        len(5)
    except TypeError as e:
        print(e)
    return tot


def shadowed(n, len):
    return [len(x) for x in range(n)][-1]


print("lengths", lengths(5000), shadowed(3000, lambda x: x * 2))


# xs.append(v) without the call where the site met list.append; another
# object's append method at the same site is called as before.
class Doubling:
    def __init__(self):
        self.items = []

    def append(self, v):
        self.items.append(v * 2)


def appends(n):
    xs = []
    m = Doubling()
    nones = 0
    for i in range(n):
        xs.append(i)
        if xs.append(-i) is None:
            nones = nones + 1
        target = xs if i % 2 else m
        target.append(1)
    try:
        (1, 2).append(3)
    except AttributeError as e:
        print(e)
    return len(xs), sum(xs), len(m.items), sum(m.items), nones


print("appends", appends(5000))
