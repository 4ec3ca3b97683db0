d = {"a": 1, "b": 2, "c": 3}
k = d.keys()
v = d.values()
it = d.items()
print(len(k), "a" in k, 2 in v, ("b", 2) in list(it), list(k), list(v), list(it))
d["d"] = 4
print(list(k), sum(v), sorted(v, reverse=True))
print({x: y for x, y in d.items() if y % 2}, dict(zip(d.values(), d.keys())))
e = dict(d)
e.pop("a")
print(d == e, len(d), len(e), sorted(set(d) - set(e)))
