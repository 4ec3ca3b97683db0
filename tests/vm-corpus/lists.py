a = [3, 1, 4, 1, 5, 9, 2, 6]
print(a, len(a), a[0], a[-1], a[2:5], a[::-1], a[1::3])
a.append(7); a.extend([8, 9]); a.insert(0, 0)
print(a, a.pop(), a.pop(0), a.index(4), a.count(1))
a.remove(1)
print(a, sorted(a), sorted(a, reverse=True), a)
a.sort(); print(a); a.reverse(); print(a)
b = a.copy(); b[0] = 100; print(a[0], b[0])
a[1:3] = ["x", "y", "z"]; print(a)
del a[0]; del a[1:3]; print(a)
print([1, 2] + [3], [0] * 5, [[0] * 2] * 2, 3 in [1, 2, 3], [1, 2] == [1, 2], [1, 2] < [1, 3])
m = [[1, 2], [3, 4]]
m[0][1] = 9
print(m, [row[0] for row in m], list(zip(*m)))
print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -2)), list(enumerate("ab", 1)))
x = [5, 3, 8]; x.clear(); print(x, bool(x), bool([0]))
print(sorted(["bb", "a", "ccc"], key=len), sorted([(2, "b"), (1, "z"), (2, "a")]))
print(max([[1, 2], [1, 3]]), min(["b", "a"]), sum([[1], [2]], []))
