"""ported-exts/hnumeric (a float64 array): construction, shape, tolist,
arithmetic with scalars and arrays, sum/dot/fill, indexing and slicing,
repr, bad input. (memoryview of an array is left out: buffer protocol.)"""
from _check import Lcg, show
import hnumeric as m

for seed in range(6):
    rng = Lcg(seed)
    if seed % 2:
        rows, cols = 1 + rng.next(4), 1 + rng.next(4)
        data = [[rng.next(200) / 8 - 12 for _ in range(cols)] for _ in range(rows)]
    else:
        data = [rng.next(200) / 4 - 25 for _ in range(1 + rng.next(8))]
    a = m.array(data)
    print("array", a.shape, a.ndim, a.size, len(a), a.tolist())
    print("repr", repr(a))
    b = m.array(data)
    print("arith", (a + b).tolist(), (a - 1.5).tolist(), (2 * a).tolist(), (a / 4).tolist(), (a * b).tolist())
    print("sum", a.sum())
    if a.ndim == 1:
        print("dot", a.dot(b), a[0], a[-1], a[1::2].tolist(), a[::-1].tolist(), a[-3:100].tolist())
        a[0] = 42
        print("set", a[0])
    else:
        print("dot", a.dot(m.array([1.0] * a.shape[1])).tolist(), a[0].tolist(), a[-1, -1])
        a[0, -1] = 7
        print("set", a.tolist()[0][-1])
    a.fill(0.5)
    print("fill", a.tolist())
z = m.zeros((2, 3))
print("zeros", z.shape, z.tolist(), m.zeros(4).tolist())
sq = m.array([[1, 2], [3, 4]])
print("matmul", sq.dot(sq).tolist(), sq.dot(m.array([1, 1])).tolist())
show("array(5)", m.array, 5)
show("array with a str", m.array, [1, "x"])
show("ragged", m.array, [[1, 2], [3]])
show("index 2", lambda: m.array([1, 2])[2])
show("index 0, 5", lambda: m.array([[1, 2]])[0, 5])
show("2 indices on 1-D", lambda: m.array([1, 2])[0, 0])
show("shapes differ", lambda: m.array([1, 2]) + m.array([1, 2, 3]))
show("divide by zero", lambda: m.array([1, 2]) / 0)
show("add a str", lambda: m.array([1, 2]) + "x")
show("dot lengths", lambda: m.array([1, 2]).dot(m.array([1])))
show("dot a list", lambda: m.array([1, 2]).dot([1, 2]))
show("zeros(-1)", m.zeros, -1)
