adders = {n: (lambda x, n=n: x + n) for n in range(3)}
print({k: f(10) for k, f in adders.items()})
def make(n):
    return lambda x: x * n
doublers = [make(2), make(3)]
print([d(5) for d in doublers])
sort_by = lambda idx: (lambda row: row[idx])
rows = [(1, "b"), (2, "a")]
print(sorted(rows, key=sort_by(1)), sorted(rows, key=sort_by(0), reverse=True))
y = 10
f = lambda: y
y = 20
print(f())
