class Polynomial:
    def __init__(self, *coeffs):
        self.coeffs = coeffs
    def __call__(self, x):
        return sum(c * x ** i for i, c in enumerate(self.coeffs))
    def __len__(self):
        return len(self.coeffs)
    def __repr__(self):
        terms = [f"{c}x^{i}" for i, c in enumerate(self.coeffs) if c]
        return " + ".join(terms) or "0"
    def __add__(self, o):
        n = max(len(self), len(o))
        a = self.coeffs + (0,) * (n - len(self))
        b = o.coeffs + (0,) * (n - len(o))
        return Polynomial(*[x + y for x, y in zip(a, b)])
p = Polynomial(1, 2, 3)
q = Polynomial(0, 1)
print(p, p(2), [p(x) for x in range(4)], p + q, (p + q)(1), len(p + q), Polynomial())
