def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(5)), sum(count(101)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
it = fib()
print([next(it) for _ in range(10)])
def delegate():
    yield "start"
    r = yield from count(3)
    yield "end"
print(list(delegate()))
def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received
e = echo()
print(next(e), e.send("a"), e.send("b"))
try:
    e.send(None)
except StopIteration as s:
    print("returned", s.value)
gen = (x * x for x in range(5))
print(next(gen), list(gen), list(gen))
print(sum(x for x in range(10) if x % 2), max((len(w), w) for w in ["aa", "b", "ccc"]))
def gen_with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
for v in gen_with_finally():
    print(v)
def ret_value():
    yield 1
    return 99
def wrap():
    v = yield from ret_value()
    yield v
print(list(wrap()))
print(next(iter([]), "empty"), next(count(0), "none"))
