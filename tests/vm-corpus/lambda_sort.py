people = [("alice", 30), ("bob", 25), ("carol", 35), ("dave", 25)]
print(sorted(people, key=lambda p: (p[1], p[0])))
print(list(map(lambda p: p[0].title(), people)), list(filter(lambda p: p[1] > 26, people)))
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
print({k: f(3, 4) for k, f in ops.items()})
print((lambda: "no args")(), (lambda x, y=2: x ** y)(3))
