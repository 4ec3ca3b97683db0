def take(n, it):
    out = []
    for x in it:
        if len(out) == n:
            break
        out.append(x)
    return out
def naturals():
    n = 0
    while True:
        yield n
        n += 1
def squares(it):
    for x in it:
        yield x * x
def evens(it):
    return (x for x in it if x % 2 == 0)
print(take(5, squares(evens(naturals()))))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2))))
def tree(n):
    if n == 0:
        return
    yield n
    yield from tree(n - 1)
    yield -n
print(list(tree(3)))
g = (i for i in range(3))
print(list(zip(g, g)))
def counter():
    total = 0
    while True:
        v = yield total
        total += v
c = counter(); next(c)
print([c.send(i) for i in range(5)])
