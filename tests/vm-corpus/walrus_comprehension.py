data = [3, 8, 1, 9, 4]
print([y for x in data if (y := x * 2) > 6], y)
def f():
    total = 0
    vals = [(total := total + v) for v in range(5)]
    return vals, total
print(f())
print(any((hit := v) > 7 for v in data), hit)
def g():
    return [[(last := i * j) for j in range(3)] for i in range(3)], last
print(g())
