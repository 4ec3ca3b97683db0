text = "the cat and the hat sat on the mat"
print(sorted({w for w in text.split() if len(w) == 3}))
print(sorted({len(w) for w in text.split()}), sorted({c for c in text if c not in " aeiou"}))
a = {x for x in range(30) if x % 3 == 0}
b = {x for x in range(30) if x % 5 == 0}
print(sorted(a & b), sorted(a - b)[:4], len(a | b))
