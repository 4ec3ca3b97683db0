s = {3, 1, 2}
s.add(5); s.discard(10); s.remove(1)
print(sorted(s), len(s), 3 in s, 1 in s)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), a.issubset(a | b), a.isdisjoint({9}))
f = frozenset([1, 2, 2, 3])
print(sorted(f), len(f), {f: 1}[frozenset({1, 2, 3})], set() == set(), {1, 2} == {2, 1})
print(sorted({x % 4 for x in range(20)}), set("aab") == {"a", "b"})
s2 = set(); s2.update([1, 2], [3]); print(sorted(s2), s2.pop() in {1, 2, 3})
print(set(), frozenset(), {1}, {"only"})
