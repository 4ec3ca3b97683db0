# isinstance() with classes, nested tuples of them and bad specs.
class A: pass
class B(A): pass
vals = [1, True, 1.5, "s", None, A(), B(), [1], (1,), {}, 2**70]
specs = [int, (int, float), (str, (list, tuple)), A, (B,), (), object, (bool, A)]
for v in vals:
    print([isinstance(v, s) for s in specs])
for bad in [1, (int, 1), [int]]:
    try:
        isinstance(1, bad)
    except TypeError as e:
        print("TypeError", e)
