def f(a, b, c, d=0):
    return a + b * 10 + c * 100 + d * 1000
print(f(*[1, 2, 3]), f(1, *[2, 3]), f(*[1], *[2, 3], 4), f(**{"a": 1, "b": 2, "c": 3}), f(1, 2, **{"c": 3, "d": 4}))
first, *middle, last = range(10)
print(first, middle, last, [*range(3), *"ab"], (*"xy",), {*[1, 2], *[2, 3]}, {**{"a": 1}, **{"b": 2}})
def collect(*args, **kwargs):
    return len(args), sorted(kwargs)
print(collect(*range(5), **dict(a=1, b=2)))
