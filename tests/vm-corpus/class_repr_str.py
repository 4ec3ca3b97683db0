class P:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"P({self.v!r})"
class Q(P):
    def __str__(self):
        return f"Q with {self.v}"
p, q = P("x"), Q(3)
print(p, q, [p, q], (q,), {"k": q}, str(p), repr(q), f"{q}", f"{q!r}", "%s %r" % (q, q))
