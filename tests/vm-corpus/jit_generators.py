# `for` over generators in machine code (resumed without the interpreter's
# ForIter): values, the end, exceptions out of the generator into the
# loop's handlers, blocks and handled exceptions kept across yields.

def count(n):
    for i in range(n):
        yield i

def guarded(n, log):
    try:
        for i in range(n):
            yield i
    finally:
        log.append("finally %d" % n)

def in_handler(n):
    try:
        raise KeyError("k")
    except KeyError as e:
        for i in range(n):
            yield (i, str(e))

def failing(n):
    for i in range(n):
        if i == n - 1:
            raise ValueError("at %d" % i)
        yield i

def stops(n):
    for i in range(n):
        yield i
    raise StopIteration

def nested(n):
    for i in count(n):
        for j in count(2):
            yield i * 2 + j

def total(gen):
    t = 0
    for x in gen:
        t += x
    return t

log = []
for rounds in range(2):
    print(total(count(3000)), total(nested(1500)))
    print(total(guarded(2500, log)), log[-1])
    pairs = 0
    for i, msg in in_handler(2500):
        pairs += i
    print(pairs, msg)
    try:
        total(failing(2500))
    except ValueError as e:
        print("ValueError", e)
    try:
        total(stops(2500))
    except RuntimeError as e:
        print("RuntimeError", e, type(e.__cause__).__name__)
    # Leaving the loop early: the generator is closed when dropped.
    g = guarded(3000, log)
    for x in g:
        if x == 2200:
            break
    g.close()
    print(x, log[-1])

def reentrant():
    for x in me:
        yield x
me = reentrant()
try:
    for v in me:
        pass
except ValueError as e:
    print("ValueError", e)
