def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9, d=0))
def g(*args, **kwargs):
    return args, kwargs
print(g(), g(1, 2, x=3))
args = [1, 2]
kw = {"c": 10}
print(f(*args, **kw), g(*"ab", **{"k": 1}))
def pos(a, b, /, c):
    return a + b + c
print(pos(1, 2, c=3), pos(1, 2, 3))
def defaults(x, acc=[]):
    acc.append(x)
    return acc
print(defaults(1), defaults(2))
square = lambda x: x * x
print(square(7), (lambda *a: sum(a))(1, 2, 3), list(map(lambda v: v + 1, [1, 2])))
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(10))
def noret():
    pass
print(noret())
def kwonly(*, key):
    return key
print(kwonly(key="k"))
try:
    kwonly("x")
except TypeError as e:
    print("TypeError:", e)
try:
    f()
except TypeError as e:
    print("TypeError:", e)
print(f.__name__, square.__name__)
