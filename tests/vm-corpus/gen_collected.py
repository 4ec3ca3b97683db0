# Generators collected whole (list, tuple, set, sorted, join, unpacking):
# the VM runs such a generator to its end without suspending its frame
# between values. Everything a suspended frame keeps must still hold.

def squares(n):
    for i in range(n):
        yield i * i

print(list(squares(6)), tuple(squares(3)), sorted(set(x % 4 for x in squares(9))))
print("-".join(str(x) for x in range(5)), [*squares(4)], sum(squares(5)))


def with_finally(log):
    try:
        yield 1
        try:
            yield 2
        finally:
            log.append("inner finally")
        yield 3
    finally:
        log.append("outer finally")

log = []
print(list(with_finally(log)), log)


def handles():
    for k in range(4):
        try:
            if k % 2:
                raise KeyError(k)
            yield ("ok", k)
        except KeyError as e:
            yield ("caught", e.args[0])

print(list(handles()))


def inner():
    x = yield "a"
    yield ("inner got", x)
    return "inner result"

def outer():
    r = yield from inner()
    yield r
    yield from (c for c in "bc")

print(list(outer()))


def raises_midway(log):
    yield 1
    log.append("before")
    raise ValueError("midway")

log = []
try:
    list(raises_midway(log))
except ValueError as e:
    print("raised", e, log)

g = raises_midway(log)
print(next(g))
try:
    tuple(g)
except ValueError as e:
    print("raised again", e)
print(list(g), "finished stays finished")


def stops():
    yield 1
    raise StopIteration("no")

try:
    list(stops())
except RuntimeError as e:
    print("PEP 479:", e, type(e.__cause__).__name__)


def partly(n):
    for i in range(n):
        yield i

g = partly(6)
print(next(g), next(g), list(g), list(g))


def recursive(n):
    if n:
        yield n
        yield from recursive(n - 1)
        yield [*recursive(n - 1)]

print(list(recursive(3)))


def counted():
    total = 0
    for i in range(5):
        total += i
        yield total
    return total

print(list(counted()), set(counted()) == {0, 1, 3, 6, 10})


def itself():
    yield 1
    yield list(me)

me = itself()
try:
    list(me)
except ValueError as e:
    print("ValueError:", e)


def big(n):
    i = 0
    while i < n:
        yield [i] * 3
        i += 1

xs = list(big(3000))
print(len(xs), xs[-1], sum(len(x) for x in xs))
a, b, *rest = (y for y in "hello")
print(a, b, rest)
print(dict((k, k * 2) for k in range(4)), list(zip(squares(3), (c for c in "xyz"))))
