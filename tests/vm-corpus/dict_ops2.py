d = {}
for i, w in enumerate("one two three two one".split()):
    d.setdefault(w, []).append(i)
print(d)
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv, list(zip(d.keys(), d.values())))
d2 = dict(zip("abc", range(3)))
print(d2, d2 == {"c": 2, "b": 1, "a": 0}, list(d2), len(d2))
for k in list(d2):
    if d2[k] % 2 == 0:
        del d2[k]
print(d2, {1: [1, 2]}, {"k": {"nested": True}})
keys = d.keys()
d["new"] = 0
print(list(keys), "new" in keys, len(keys))
print(sorted({(1, 2): "a", (0, 5): "b"}.items()), dict(sorted({"z": 1, "y": 2}.items())))
merged = {"a": 1} | {"b": 2}
print(merged)
