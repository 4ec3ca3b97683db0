it = iter([1, 2, 3])
print(next(it), list(it), list(it))
d = {"a": 1, "b": 2}
ki = iter(d)
print(next(ki), next(ki), next(ki, "end"))
si = iter("xy")
print(next(si), next(si))
class Squares:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return (i * i for i in range(self.n))
print(list(Squares(4)), 9 in Squares(4), sorted(Squares(3), reverse=True))
r = reversed([1, 2, 3])
print(next(r), list(r))
