class CM:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.swallow
with CM("a") as c:
    print("body", c.name)
with CM("b", swallow=True):
    raise ValueError("swallowed")
print("after b")
try:
    with CM("c"):
        raise KeyError("kept")
except KeyError as e:
    print("caught", e)
with CM("outer") as o, CM("inner") as i:
    print("both", o.name, i.name)
def early():
    with CM("ret"):
        return "returned"
print(early())
for k in range(3):
    with CM(f"loop{k}"):
        if k == 1:
            break
