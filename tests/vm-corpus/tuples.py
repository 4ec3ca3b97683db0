t = (1, 2, 3)
print(t, t[0], t[-1], t[1:], len(t), t + (4,), t * 2, (1,), ())
a, b, c = t
print(a, b, c)
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
x, *mid, y = range(6)
print(first, rest, init, last, x, mid, y)
(p, q), r = (1, 2), 3
print(p, q, r)
print(t.index(2), t.count(1), 2 in t, tuple([4, 5]), tuple("ab"), t == (1, 2, 3), t < (1, 3))
d = {(1, 2): "a"}
print(d[(1, 2)], hash((1, 2)) == hash((1, 2)))
a, b = 1, 2
a, b = b, a
print(a, b)
