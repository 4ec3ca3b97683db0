print([x * 2 for x in range(5)])
print([(x, y) for x in range(3) for y in range(x)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print({x: x * x for x in range(4)}, {c for c in "hello"} == set("helo"))
m = [[i * 3 + j for j in range(3)] for i in range(3)]
print(m, [row[i] for i, row in enumerate(m)], [v for row in m for v in row if v % 2])
x = "outer"
print([x for x in "ab"], x)
n = 10
print([n * i for i in range(3)])
print(sorted({w: len(w) for w in "the quick brown fox".split()}.items()))
print(list(map(str, range(3))), list(filter(None, [0, 1, "", "a"])), list(zip("ab", [1, 2, 3])))
