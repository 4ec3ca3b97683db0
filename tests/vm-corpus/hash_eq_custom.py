class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __eq__(self, o):
        return (self.a, self.b) == (o.a, o.b)
    def __hash__(self):
        return hash((self.a, self.b))
d = {Key(1, 2): "x"}
d[Key(1, 2)] = "y"
d[Key(2, 1)] = "z"
print(len(d), d[Key(1, 2)], Key(2, 1) in d, Key(3, 3) in d)
s = {Key(0, 0), Key(0, 0), Key(0, 1)}
print(len(s))
class NoHash:
    def __eq__(self, o):
        return True
try:
    {NoHash(): 1}
except TypeError as e:
    print("TypeError:", e)
