def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
print(c(), c(), c())
def adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([a(10) for a in adders()])
def late():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]
print(late())
g = 0
def setg():
    global g
    g = 42
setg()
print(g)
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
def make_acc(total):
    def add(v):
        nonlocal total
        total += v
        return total
    return add
acc = make_acc(100)
print(acc(5), acc(10))
def shadow():
    x = 1
    def f():
        x = 2
        return x
    return f(), x
print(shadow())
