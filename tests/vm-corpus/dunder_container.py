class Matrix:
    def __init__(self, rows):
        self.rows = rows
    def __getitem__(self, ij):
        i, j = ij
        return self.rows[i][j]
    def __setitem__(self, ij, v):
        i, j = ij
        self.rows[i][j] = v
    def __len__(self):
        return len(self.rows)
    def __iter__(self):
        for row in self.rows:
            yield from row
    def __matmul__(self, o):
        n = len(self)
        return Matrix([[sum(self[i, k] * o[k, j] for k in range(n)) for j in range(n)] for i in range(n)])
    def __repr__(self):
        return "Matrix(%r)" % (self.rows,)
a = Matrix([[1, 2], [3, 4]])
a[0, 0] = 5
print(a[0, 0], len(a), list(a), a @ a, sum(a), max(a))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(4)), [x * 2 for x in Countdown(3)], sum(Countdown(10)))
