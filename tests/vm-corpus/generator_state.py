def gen():
    print("start")
    yield 1
    print("middle")
    yield 2
    print("end")
g = gen()
print("created")
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration:
    print("stopped")
print(list(g), next(g, "exhausted"))
def inner():
    x = yield 1
    print("inner got", x)
    return "inner-result"
def outer():
    r = yield from inner()
    print("outer got", r)
    yield "done"
o = outer()
print(next(o)); print(o.send("hi"))
