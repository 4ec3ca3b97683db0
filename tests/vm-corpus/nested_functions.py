def compose(*fs):
    def composed(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return composed
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose()(7))
def memo(f):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return wrapper
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80))
def decorator_with_args(prefix):
    def deco(f):
        def inner(*a, **k):
            return prefix + str(f(*a, **k))
        return inner
    return deco
@decorator_with_args(">> ")
def add(a, b=10):
    return a + b
print(add(1), add(1, b=2))
def curry(f, x):
    return lambda y: f(x, y)
print(curry(pow, 2)(10))
