# Temporaries that machine code keeps in registers between instructions:
# they must reach memory intact wherever the interpreter takes over (a
# failed guard mid-expression, an exception, a call, a yield, a stack that
# has to grow), and control-flow merges must agree on their tags.

def mid_expression_failures(xs):
    out = []
    for x in xs:
        try:
            # The left operands are in registers when `x` is not an int.
            out.append(1 + 2 * (3 - (7 // x)) + len(str(x)))
        except (ZeroDivisionError, TypeError) as e:
            out.append(type(e).__name__)
    return out

print(mid_expression_failures([1, 2, -3, 0, 2.5, "s", None, 2**64, True]))

def merges(flags):
    # A value that is an int on one path and a float on the other, used
    # after the paths meet.
    total = 0
    for f in flags:
        v = (1 if f else 2.5) * 2
        w = (f and 3) or 4.5
        total = total + v + w
    return total

print(merges([True, False, True, 0, 1, [], [0]]))

def chained(xs):
    return [(0 < x <= 5, -1 < x < 1.5, x == x is x) for x in xs]

print(chained([0, 1, 5, 6, 1.5, -0.5, float("nan")]))

class Box:
    def __init__(self):
        self.v = 1
        self.items = [1, 2, 3]

def augmented(b, k):
    for i in range(k):
        b.v += i * 2
        b.items[i % 3] -= b.v
        b.items[-1] *= 1
    return b.v, b.items

print(augmented(Box(), 50))

def many_temporaries():
    # Far more values at once than the stack starts with room for.
    t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
         21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
         41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
         61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
         1.5, 2.5, None, True, False, "a", "b", (), 1 + 2, 3 * 4, 5 - 6, 7 // 2, -8, 9 % 4)
    return len(t), sum(x for x in t if type(x) is int), t[-14:]

def deep(n):
    return many_temporaries() if n == 0 else deep(n - 1)

print(deep(0), deep(40))

def unpacking(items):
    out = []
    for it in items:
        try:
            a, b = it
            out.append((b, a))
        except (ValueError, TypeError) as e:
            out.append(str(e))
    (p, q), r = (1, 2), 3
    out.append((p, q, r))
    try:
        first, *rest = 5
    except TypeError as e:
        out.append(str(e))
    return out

print(unpacking([(1, 2), [3, 4], (5,), (6, 7, 8), "xy", "xyz", {9: 0, 10: 0}, iter([11, 12]), 13, []]))

def closures():
    n = 0
    def bump(k):
        nonlocal n
        n = n + k
        return n
    def late():
        return later
    try:
        late()
    except NameError as e:
        print("NameError", e)
    later = "bound"
    return [bump(i) for i in range(10)], late(), n

print(closures())

def gen(n):
    acc = 0
    for i in range(n):
        got = yield acc + i * 2, i
        if got is not None:
            acc = acc + got
    return acc

g = gen(5)
print(next(g), g.send(10), g.send(None), g.send(2.5), list(g))

def gen_finally():
    try:
        yield 1 + 1
        yield [x * 2 for x in (yield 3)]
    finally:
        print("finally ran")

h = gen_finally()
print(next(h), next(h), h.send((4, 5)))
h.close()

def thrower():
    try:
        yield 1
    except KeyError as e:
        yield "caught " + str(e)
    yield 3

t = thrower()
print(next(t), t.throw(KeyError("k")), next(t))

def strings_and_truth(words):
    out = []
    for w in words:
        out.append((w == "b", w != "b", w < "b", w >= "é", "a" in w, "" in w, w not in "xyz"))
        out.append((w and 1, w or 2.5, not w, (len(w) > 1) and w, None or w, 0 or None, not None, not 0.0))
    try:
        1 in "abc"
    except TypeError as e:
        out.append(str(e))
    return out

print(strings_and_truth(["a", "b", "ba", "", "é", "xy", "ab\u0301"]))

def sequences(k):
    out = []
    alias = acc = [0]
    for i in range(k):
        s = "a" + str(i) + "é"
        t = (i,) + (i + 1,)
        acc += [i]          # in place: the alias sees it
        rep = ([i] * 2 + 2 * [None], "xy" * (i % 3 - 1))
        out.append((s, t, b"b" + bytes([65 + i % 26]), rep))
    try:
        [1] + (2,)
    except TypeError as e:
        out.append(str(e))
    return out[-3:], alias is acc, len(alias)

for _ in range(3):
    r = sequences(600)
print(r)
