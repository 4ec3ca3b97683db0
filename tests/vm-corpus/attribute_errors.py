class C:
    pass
for obj, name in [(C(), "a"), (1, "foo"), ("s", "bar"), ([], "push"), (C, "attr")]:
    try:
        getattr(obj, name)
    except AttributeError as e:
        print("AttributeError:", e)
import math
try:
    math.nope
except AttributeError as e:
    print("AttributeError:", e)
