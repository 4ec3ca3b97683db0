import random
random.seed(11)
print({3, 1, 2}, set([10, 5, 100, -3]), set(range(20, 0, -3)), {x * x for x in range(-5, 6)})
for _ in range(20):
    xs = [random.randint(-1000, 1000) for _ in range(random.randint(0, 40))]
    s = set(xs)
    print(s, list(s)[:5], len(s))
big = {2 ** 40 + i * 7919 for i in range(30)}
print(big)
print(frozenset([8, 16, 24, 32, 1]), {True, False, 2}, set())
print([x for x in {9, 8, 7, 6, 100, 64, 33}])
