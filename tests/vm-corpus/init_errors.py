class Strict:
    def __init__(self, x):
        if x < 0:
            raise ValueError(f"negative: {x}")
        self.x = x
objs = []
for v in [1, -2, 3]:
    try:
        objs.append(Strict(v))
    except ValueError as e:
        print("rejected", e)
print([o.x for o in objs])
try:
    Strict()
except TypeError as e:
    print("TypeError:", e)
try:
    Strict(1, 2)
except TypeError as e:
    print("TypeError:", e)
