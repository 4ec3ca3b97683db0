def classify(n):
    return "neg" if n < 0 else "zero" if n == 0 else "small" if n < 10 else "big"
print([classify(n) for n in [-5, 0, 3, 42]])
x = None
y = x or "fallback"
z = x and x.attr
print(y, z, (1 and 2), (0 and 2), (1 or 2), ([] or {}))
