# generator.throw() raises at the suspended yield; close() raises
# GeneratorExit there, so finally blocks and with-exits run.

def catcher():
    while True:
        try:
            x = yield "ready"
            print("got", x)
        except ValueError as e:
            print("caught ValueError:", e)
            yield "recovered"

g = catcher()
print(next(g))
print(g.send(1))
print(g.throw(ValueError("bad")))
print(next(g))
print(g.throw(ValueError, "class and value"))
print(next(g))
print(g.throw(ValueError))

# Not caught: propagates to the caller and finishes the generator.
def plain():
    yield 1
    yield 2
p = plain()
next(p)
try:
    p.throw(KeyError("k"))
except KeyError as e:
    print("propagated KeyError", e)
print(next(p, "finished"))

# Thrown into a generator that has not started: it never runs.
def never():
    print("never printed")
    yield 1
n = never()
try:
    n.throw(RuntimeError("early"))
except RuntimeError as e:
    print("early:", e)
print(list(n))

# Returning after catching: StopIteration with the value.
def returns():
    try:
        yield 1
    except TypeError:
        return "done"
r = returns()
next(r)
try:
    r.throw(TypeError)
except StopIteration as e:
    print("StopIteration value:", e.value)

# close(): finally runs, GeneratorExit is visible to the generator.
def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
f = with_finally()
print(next(f))
f.close()
print(next(f, "closed"))
f.close()  # closing again does nothing

def sees_exit():
    try:
        yield 1
    except GeneratorExit:
        print("saw GeneratorExit")
        raise
s = sees_exit()
next(s)
s.close()

def ignores_exit():
    try:
        yield 1
    except GeneratorExit:
        print("ignoring")
    yield 2
i = ignores_exit()
next(i)
try:
    i.close()
except RuntimeError as e:
    print("RuntimeError:", e)
print(next(i, "ended after ignoring"))

def returns_on_exit():
    try:
        yield 1
    except GeneratorExit:
        return 5
q = returns_on_exit()
next(q)
print(q.close())

# An unstarted generator's close runs nothing.
def untouched():
    try:
        yield 1
    finally:
        print("not printed")
untouched().close()
print("untouched closed")

# with-statement exits run on close and on throw.
class Ctx:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return False

def uses_with():
    with Ctx("a"):
        yield 1
        yield 2
w = uses_with()
next(w)
w.close()
w = uses_with()
next(w)
try:
    w.throw(IndexError("ix"))
except IndexError as e:
    print("after with:", e)

# A context manager that swallows the thrown exception.
class Swallow:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        print("swallowing", t.__name__)
        return True
def swallowed():
    with Swallow():
        yield 1
    yield "after with"
sw = swallowed()
next(sw)
print(sw.throw(ZeroDivisionError))

# yield from passes throw and close on to the inner generator.
def inner():
    try:
        yield "inner 1"
        yield "inner 2"
    except ValueError as e:
        print("inner caught", e)
        yield "inner recovered"
    finally:
        print("inner finally")
    return "inner result"

def outer():
    try:
        r = yield from inner()
        print("outer got", r)
        yield "outer next"
    finally:
        print("outer finally")

o = outer()
print(next(o))
print(o.throw(ValueError("v")))
print(next(o))
o.close()

o = outer()
next(o)
o.close()

o = outer()
next(o)
try:
    o.throw(KeyError("through"))
except KeyError as e:
    print("through both:", e)

# Bad arguments.
try:
    plain().throw(3)
except TypeError as e:
    print("TypeError:", e)
try:
    plain().throw(ValueError("x"), 1)
except TypeError as e:
    print("TypeError:", e)

# A generator used in a for loop and closed when broken out of early.
def counted():
    try:
        for k in range(10):
            yield k
    finally:
        print("counted closed")
c = counted()
for k in c:
    if k == 2:
        break
c.close()
print("end")

# A generator suspended inside an except block: the exception it handles
# is its own, not the context of exceptions raised by its caller.
def in_handler():
    try:
        raise ValueError("inside")
    except ValueError:
        yield "in handler"
        try:
            raise KeyError("again")
        except KeyError as e:
            print("context inside:", repr(e.__context__))
    yield "after"
h = in_handler()
print(next(h))
try:
    raise KeyError("outside")
except KeyError as e:
    print("context outside:", repr(e.__context__))
print(next(h))
# An exception thrown into a generator gets the generator's context.
h = in_handler()
next(h)
try:
    h.throw(OSError("thrown"))
except OSError as e:
    print("thrown context:", repr(e.__context__))

# PEP 479: a StopIteration escaping a generator's body is a RuntimeError.
def leaks():
    yield 1
    next(iter([]))
try:
    print(list(leaks()))
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", type(e.__cause__).__name__)
def raises_stop():
    yield 1
    raise StopIteration("explicit")
r = raises_stop()
next(r)
try:
    next(r)
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))
print(next(r, "finished after"))
t = raises_stop()
next(t)
try:
    t.throw(StopIteration("thrown"))
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))
