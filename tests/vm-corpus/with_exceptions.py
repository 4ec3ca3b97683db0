class Tx:
    def __init__(self):
        self.state = "new"
    def __enter__(self):
        self.state = "open"
        return self
    def __exit__(self, et, ev, tb):
        self.state = "rolled back" if et else "committed"
        return et is ValueError
t = Tx()
with t:
    pass
print(t.state)
t = Tx()
with t:
    raise ValueError
print(t.state)
t = Tx()
try:
    with t:
        raise KeyError("k")
except KeyError:
    print(t.state, "and re-raised")
