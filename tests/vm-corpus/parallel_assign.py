# `a, b = x, y` and three-way forms compile without building a tuple: the
# order of evaluation and of the stores must stay Python's.
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "x", "y", "z"
x, y, z = z, x, y
print(x, y, z)
[p, q] = 3, 4
print(p, q)
log = []


def v(name, val):
    log.append("eval " + name)
    return val


class T:
    def __setattr__(self, name, val):
        log.append("store " + name)


t = T()
t.a, t.b, t.c = v("1", 1), v("2", 2), v("3", 3)
print(log)
lst = [0, 0, 0]
i = 0
i, lst[i] = 2, 9
print(i, lst)
(m, n), k = (1, 2), 3
print(m, n, k)
fib = []
a, b = 0, 1
for _ in range(10):
    fib.append(a)
    a, b = b, a + b
print(fib)
try:
    a, b = 1, 2, 3
except ValueError as e:
    print("ValueError", e)
s, *rest = 1, 2, 3
print(s, rest)
