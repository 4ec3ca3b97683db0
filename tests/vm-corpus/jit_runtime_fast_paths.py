# Instructions jitted code does through the runtime's fast paths (dict
# subscripts, iter(), building tuples and lists, appends in comprehensions,
# slices, arithmetic on any two numbers), each with the cases a fast path
# must leave to the general one: Python code to run, an error to raise.


class Key:
    """Equal to a str, hashing like it: the lookup must call __eq__."""

    def __init__(self, s):
        self.s = s

    def __hash__(self):
        return hash(self.s)

    def __eq__(self, other):
        print("Key.__eq__", self.s, other.s if isinstance(other, Key) else other)
        return (other.s if isinstance(other, Key) else other) == self.s


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n, 0, -1))


def lookups(d, keys):
    out = []
    for k in keys:
        try:
            out.append(d[k])
        except KeyError as e:
            out.append(("KeyError", repr(e)))
        except TypeError as e:
            out.append(("TypeError", str(e)))
    return out


def each(xs):
    out = []
    for x in xs:
        out.append(x)
    return out


def iterate(things):
    for t in things:
        try:
            print(each(t))
        except TypeError as e:
            print("TypeError", e)


def build(n):
    rows = []
    for i in range(n):
        rows.append(((), (i,), (i, -i, i * i), [], [i, i + 1], [c for c in "ab"]))
    return rows


def reads(xs, bounds):
    out = []
    for a, b in bounds:
        out.append(xs[a:b])
        out.append(xs[a:b:-1])
        out.append(xs[::2])
    return out


def stores(xs, values):
    for v in values:
        try:
            xs[1:3] = v
            print("stored", xs)
        except TypeError as e:
            print("TypeError", e)


def arith(pairs):
    out = []
    for x, y in pairs:
        for f in (lambda: x ** y, lambda: x << y, lambda: x >> y, lambda: x % y, lambda: x @ y):
            try:
                r = f()
                out.append((type(r).__name__, r))
            except (ZeroDivisionError, OverflowError, ValueError, TypeError) as e:
                out.append((type(e).__name__, str(e)))
    return out


d = {1: "one", "two": 2, 3.5: "three and a half", (4, 4): "four", True: "replaced one"}
print(lookups(d, [1, 1.0, True, "two", "tw" + "o", 3.5, (4, 4), 2, "three", Key("two")]))
print(lookups({Key("k"): "by key"}, ["k", "j"]))
print(lookups(d, [[1]]))

iterate([[1, 2], (3, 4), "héllo", b"ab", range(3, 9, 2), {"a": 1, "b": 2}, {"x": 1}.values(),
         {"y": 2}.items(), {5}, frozenset([6]), (i * i for i in range(3)), iter([7, 8]), Countdown(3), 5, None])

rows = build(3)
print(rows)
print(build(0), len(build(50)))

s = "abcdefgh"
print(reads(s, [(1, 5), (-3, None), (None, 2), (6, 2), (True, 3)]))
print(reads(list(s), [(1, 5), (False, -1), (0, 100)]))
print(reads(tuple(range(8)), [(2, -2), (-100, 100)]))
stores([0, 1, 2, 3, 4], [[9, 9, 9], (8,), "xy", range(2), iter([5, 5])])
try:
    t = (1, 2, 3)
    t[0:1] = [5]
except TypeError as e:
    print("TypeError", e)

print(arith([(2, 10), (2.0, -1.5), (2, -2), (0.0, -1), (0, -1), (10.0, 400), (3, 70), (-1, 64), (True, True),
             (2 ** 70, 3), (1.5, 2), (-8.0, 2), (7, 0), (1, -1), (2.5, 0.0)]))


def members(needles, haystacks):
    out = []
    for h in haystacks:
        out.append([(n in h, n not in h) for n in needles])
    return out


print(members([1, "a", 2.0, Key("a")], [(1, 2, "a"), ["b", 2], {"a": 0, 2: 1}, (Key("b"), "a"), "abc"[:0] or ("x",),
                                        {1, "a"}, frozenset([2, "b"]), {Key("a")}]))


def maps(n):
    out = []
    for i in range(n):
        out.append({"k": i, i: "v", "k" + "": -i, (i,): "tuple key", Key("k"): "instance key"})
    return out


print(maps(2))
counts = {}
for word in "a b a c b a".split() + [1, 2, 1]:
    counts[word] = counts.get(word, 0) + 1
counts[Key("a")] = "replaced through __eq__"
print(counts)
total = 0
for step in range(50):
    total = total + step
    last = step
print(total, last)
try:
    print(undefined_name)
except NameError as e:
    print("NameError", e)


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        print("Sized.__len__", self.n)
        return self.n


class Flag:
    def __bool__(self):
        print("Flag.__bool__")
        return False


def truths(values):
    out = []
    for v in values:
        a = "yes" if v else "no"
        b = v and "and-right"
        c = v or "or-right"
        out.append((a, b if not isinstance(b, (Sized, Flag)) else "obj", c if not isinstance(c, (Sized, Flag)) else "obj", not v))
    return out


print(truths([0.0, -0.0, 1.5, float("nan"), "", "x", [], [0], (), (0,), {}, {1: 2}, set(), {0}, range(0), range(3),
              b"", b"\0", 2 ** 80, 0, None, True, Sized(0), Sized(2), Flag(), {}.keys(), {1: 1}.values()]))

# `for` over dict views and enumerate in machine code (rt_for_iter): keys,
# values, items, enumerate over each plain iterator and over a generator
# (which the fast path leaves to the generator's resume).
def walk(d, s, xs):
    total = 0
    for k in d:
        total += k
    for v in d.values():
        total += v
    for k, v in d.items():
        total += k * v
    for i, k in enumerate(d.keys()):
        total += i * k
    for i, x in enumerate(xs):
        total += i + x
    for i, c in enumerate(s):
        total += i * len(c)
    for i, r in enumerate(range(3)):
        total += i * r
    for i, g in enumerate(x * 2 for x in xs):
        total += i * g
    return total

d = {i: i * 3 for i in range(50)}
print(sum(walk(d, "héllo", [1, 2, 3]) for _ in range(100)), walk({}, "", []))

# Operators with no inline form for the numbers they meet (int / int,
# float % x) and `str % args`, through the fast path; each with the cases
# it leaves to the interpreter (zero divisors, Python __str__, errors).
class Shown:
    def __str__(self):
        return "shown"

def arith(n):
    out = []
    big = 2 ** 60 + 1
    for i in range(n):
        b = i % 7 - 3
        try:
            out.append(i / b)
        except ZeroDivisionError as e:
            out.append(str(e))
        try:
            out.append((i * 0.75) % b)
        except ZeroDivisionError as e:
            out.append(str(e))
        out.append(-7.5 % (b or 2) + big / (i + 1) + (big * 3) / 7)
        out.append("%d:%s:%r:%.2f" % (i, b, "q", i / 3))
        if i % 1000 == 0:
            out.append("%s/%s" % (Shown(), i))
            try:
                out.append("%d" % "x")
            except TypeError as e:
                out.append(str(e))
    return out

r = arith(3000)
print(len(r), r[:12], r[-6:], sum(x for x in r if isinstance(x, float)))
