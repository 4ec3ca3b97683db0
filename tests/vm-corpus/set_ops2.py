primes = set()
for n in range(2, 50):
    if all(n % p for p in primes if p * p <= n):
        primes.add(n)
print(sorted(primes), len(primes))
a = set(range(10))
a -= {1, 2}
a &= set(range(5, 20))
a |= {100}
print(sorted(a), 7 in a, {1, 2} <= {1, 2, 3} if False else "skip")
seen = set()
dups = [x for x in [1, 2, 1, 3, 2, 4] if x in seen or seen.add(x)]
print(dups, sorted(seen))
print(sorted(frozenset("hello") | frozenset("world")), len({(1, 2), (1, 2), (2, 1)}))
