names = ["a", "b", "c"]
ages = [1, 2]
print(list(zip(names, ages)), list(enumerate(names, start=10)), dict(zip(names, range(3))))
for i, (n, a) in enumerate(zip(names, ages)):
    print(i, n, a)
print(list(zip()), list(zip("ab", "cd", "ef")), [a + b for a, b in zip([1, 2], [3, 4])])
e = enumerate("xy")
print(next(e), next(e), next(e, None))
