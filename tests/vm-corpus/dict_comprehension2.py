squares = {n: n * n for n in range(6)}
print(squares, {v: k for k, v in squares.items() if v > 4})
words = "apple avocado banana blueberry cherry".split()
by_letter = {}
for w in words:
    by_letter.setdefault(w[0], []).append(w)
print(by_letter, {k: len(v) for k, v in by_letter.items()})
print({(i, j): i * j for i in range(3) for j in range(3) if i < j})
nested = {k: {c: ord(c) for c in k} for k in ["ab", "c"]}
print(nested)
