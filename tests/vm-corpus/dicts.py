d = {"b": 2, "a": 1}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
print(list(d.keys()), list(d.values()), list(d.items()))
d["a"] = 10
del d["b"]
print(d, d.pop("c"), d.pop("zz", "dflt"), d)
d.update({"x": 1, "y": 2}); d.update(z=3)
print(d, d.setdefault("x", 5), d.setdefault("new", []), d)
print({k: v * 2 for k, v in d.items() if isinstance(v, int)})
print(dict(a=1, b=2), dict([("k", "v")]), dict.fromkeys("ab", 0), {**d, "w": 0})
for k in d:
    print(k, end=" ")
print()
cnt = {}
for ch in "mississippi":
    cnt[ch] = cnt.get(ch, 0) + 1
print(cnt, sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0])))
print({1: "a", 1.0: "b", True: "c"}, {(1, 2): 3}, d.popitem(), d)
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e)
e = {}
print(e, bool(e), {1: 2} == {1: 2}, d.copy() == d)
