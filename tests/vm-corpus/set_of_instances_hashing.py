# set(...) and frozenset(...) of instances whose __hash__ runs Python code
# (allocating, raising midway): the set is sized up front and the items
# stay rooted while they hash.
class K:
    def __init__(self, v): self.v = v
    def __hash__(self):
        junk = [str(i) for i in range(20)]
        if self.v == 13: raise ValueError("thirteen")
        return hash(self.v % 5)
    def __eq__(self, o): return isinstance(o, K) and o.v % 5 == self.v % 5
    def __repr__(self): return "K%d" % self.v
s = set(K(i) for i in range(12))
print(sorted(s, key=lambda k: k.v), len(s))
print(frozenset([K(1), K(6), K(2)]) == frozenset([K(2), K(1)]))
try:
    set(K(i) for i in range(20))
except ValueError as e:
    print("raised", e)
