xs = list(range(10))
evens = [x for x in xs if x % 2 == 0]
for x in list(xs):
    if x % 3 == 0:
        xs.remove(x)
print(xs, evens)
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
alias = [[0] * 3] * 3
alias[1][1] = 5
print(grid, alias)
q = [1]
for v in q:
    if v < 20:
        q.append(v * 2)
print(q)
