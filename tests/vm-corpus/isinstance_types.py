vals = [1, 1.5, "s", b"b", [1], (1,), {1: 2}, {1}, None, True, len, range(1)]
for v in vals:
    print(type(v).__name__, isinstance(v, (int, float)), isinstance(v, (list, tuple)), callable(v))
print(type(3) == int, type(True) is bool, isinstance(True, int), issubclass(bool, int), type("") is str)
class A: pass
class B(A): pass
print(isinstance(B(), A), isinstance(A(), B), issubclass(B, (int, A)), type(B()) is B)
