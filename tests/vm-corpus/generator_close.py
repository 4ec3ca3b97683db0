def numbers():
    n = 0
    while True:
        yield n
        n += 1
g = numbers()
print(next(g), next(g))
g.close()
print(next(g, "closed"))
def limited(n):
    for i in range(n):
        yield i
it = limited(3)
print(list(it), list(it), sum(limited(100)))
print(type(numbers()).__name__, iter(g) is g)
