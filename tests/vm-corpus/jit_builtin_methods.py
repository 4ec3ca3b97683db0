# Method loads on values of builtin types, in machine code: the method is
# taken by the value's kind (str, list, tuple, dict, set, frozenset), and
# anything else at the same site still finds its own.

def copies(xs):
    out = []
    for x in xs:
        out.append(x.copy())
    return out

def counts(xs):
    total = 0
    for x in xs:
        total += x.count(x[0])
    return total

class Counter:
    def __getitem__(self, i):
        return i
    def count(self, v):
        return 100

def unions(xs):
    out = []
    for x in xs:
        out.append(type(x).__name__ + str(sorted(x.union({9}))))
    return out

def words(n):
    out = []
    for i in range(n):
        s = "w%d " % i
        out.append(s.strip().upper())
    return "".join(out[-3:])

def pops(n):
    xs, d, s = [], {}, set()
    for i in range(n):
        xs.append(i)
        d[i] = i
        s.add(i % 7)
        if i % 3 == 0:
            xs.pop()
            d.pop(i)
            s.discard(i % 5)
    return len(xs), len(d), sorted(s)

for rounds in range(3):
    mixed = [[1, 2], {1: 2}, {3, 4}, [5]] * 700
    print(len(copies(mixed)), copies(mixed)[-4:])
    seqs = [(1, 2, 1), [1, 1, 1], "a1b1", (1,)] * 700 + [Counter()]
    print(counts(seqs))
    # A frozenset reaching a site that met sets (and the other way round).
    sets = [{1, 2}] * 2500 + [frozenset({3})] + [{4}]
    print(unions(sets)[-3:])
    print(words(3000), pops(3000))
try:
    for x in [{1}] * 2500 + [[1]]:
        x.union({2})
except AttributeError as e:
    print("AttributeError:", e)

# Calls of builtins straight to their function (sites that met only
# builtins): errors raised inside, more arguments than the fast way takes,
# bound builtin methods, module functions, and a Python function turning
# up at such a site later.
import math

def calls(n, extra):
    out = 0
    f = [].append
    for i in range(n):
        try:
            out += "abcdef".index("xyz"[i % 3] if i % 500 == 0 else "c")
        except ValueError as e:
            out += 1000
            msg = str(e)
        out += max(1, 2, 3, 4, 5, 6, 7, 8, 9, i % 11)
        out += int(math.sqrt(i))
        f(i)
        g = extra if i == n - 1 else abs
        out += g(-i)
    return out, msg

print(calls(3000, lambda x: 7))
