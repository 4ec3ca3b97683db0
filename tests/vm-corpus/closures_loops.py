funcs = []
for i in range(3):
    def f(x, i=i):
        return x + i
    funcs.append(f)
print([f(10) for f in funcs])
def make_multipliers():
    return [lambda x, n=n: x * n for n in range(1, 4)]
print([m(2) for m in make_multipliers()])
def counter_factory():
    counts = {}
    def count(key):
        counts[key] = counts.get(key, 0) + 1
        return counts[key]
    return count
c = counter_factory()
print([c(k) for k in "abab"])
