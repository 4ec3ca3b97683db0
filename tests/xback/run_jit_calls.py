"""Calls into extensions from hot loops: on the VM (JIT on, its default)
these functions are compiled, and machine code calls the extension
functions' `impl` itself (backend-native-vm/src/jit/lower/extension.rs).
Module functions by name and through the module (NOARGS, O, VARARGS,
KEYWORDS with keyword calls), methods on its instances (NOARGS, KEYWORDS; a site taking its method
as known that meets others later), extension
types made (their tp_new called from machine code), new objects as
results, errors raised from the extension, calls back into Python that
deepen the stack or enter the same call site again, allocation
meanwhile. Results only."""
from _check import show
import api_calls as cl
import api_errors as er
import api_runtime as rt
import leak_check as lc

N = 3000
PAYLOAD = ["p"]


def plain_and_module_calls():
    """O and VARARGS, by name (a plain call) and through the module (a
    method call whose receiver is not passed)."""
    echo, pair = lc.echo, lc.pair
    total = 0
    for i in range(N):
        total += echo(i) + lc.echo(1)
        t = pair(i, PAYLOAD)
        total += t[0] + len(lc.pair(t, t)) + len(t[1])
    return total


def methods():
    """A NOARGS and a KEYWORDS method on instances, each made in the loop
    (the KEYWORDS one with and without keywords, and with too many
    arguments)."""
    boxes = []
    total, caught = 0, 0
    empty = lc.Box()
    for i in range(N):
        b = lc.Box(i)
        boxes.append(b)
        total += b.get() + b.get_or(0) + empty.get_or(i) + empty.get_or(default=1)
        try:
            b.get_or(1, 2)
        except TypeError:
            caught += 1
    return total, caught, sum(b.get() for b in boxes), lc.Box().get(), empty.get_or()


def errors():
    """Errors the extension raises, caught in the loop: a VARARGS
    function's own TypeError, a NOARGS function's MemoryError."""
    pair = lc.pair
    caught, last, memory = 0, None, 0
    for i in range(N):
        try:
            pair(i)
        except TypeError as e:
            caught += 1
            last = str(e)
        try:
            er.no_memory()
        except MemoryError:
            memory += 1
    return caught, last, memory


def deep(k):
    return 0 if k == 0 else 1 + deep(k - 1)


def shallow():
    return deep(3)


def far():
    return deep(400)


def raising():
    raise ValueError("from Python")


def callbacks():
    """Calls back into Python, some deep enough to grow the VM's stack,
    some raising through the extension."""
    acc, caught = 0, 0
    for i in range(N):
        acc += cl.call_noargs(far if i % 500 == 0 else shallow)
        try:
            cl.call_noargs(raising)
        except ValueError as e:
            caught += len(str(e))
    return acc, caught


def two(a, b=0, *, c=-1):
    return a * 10 + b + c


def keywords():
    """KEYWORDS functions called with keywords (the names reach the
    extension as its kwnames, and through it a Python callee) and without
    (no kwnames); its own
    TypeError and a callee's, caught in the loop."""
    call = cl.call
    acc, caught, last = 0, 0, None
    for i in range(N):
        acc += call(two, i, b=2) + cl.call(two, a=i, c=3) + call(two, 1, 2, c=i) + call(two, i)
        try:
            call(c=i)
        except TypeError as e:
            caught += 1
            last = str(e)
        try:
            call(two, i, d=1)
        except TypeError:
            caught += 1
    return acc, caught, last


class Sub(lc.Box):
    pass


def constructors():
    """Extension types made in the loop (machine code calls the tp_new
    while the site's cache holds): through the module and by name, two
    classes at one site, a subclass whose __init__ changes midway (the
    cache must notice), a tp_new that raises, one that returns NULL
    without an exception; and a type without
    HPy_TPFLAGS_BASETYPE refused as a base."""
    made, caught = [], 0
    for i in range(N):
        made.append(lc.Box(i).get())
        cls = lc.Box if i % 3 else Sub
        made.append(cls(i).get())
        if i == N // 2:
            Sub.__init__ = lambda self, x: made.append(-x)
        try:
            rt.Box(1, 2)
        except TypeError:
            caught += 1
        try:
            er.BadNew(i)
        except SystemError as e:
            caught += len(str(e)) > 0
    try:
        class Bad(rt.Box):
            pass
    except TypeError as e:
        refused = str(e)
    return sum(made), len(made), caught, type(cls(0)).__name__, refused


def one_site_two_functions():
    """One call site meeting two extension functions of one kind in turn
    (its cache holds the last one called): each call reaches its own."""
    fs = [lc.echo, cl.call_noargs, lc.echo, lc.echo]
    five = lambda: 5
    total, fives = 0, 0
    for i in range(N):
        f = fs[i % 4]
        r = f(i if f is lc.echo else five)
        total += r
        fives += r == 5
    return total, fives


def reentered():
    """A call site entered again while its own call runs (the extension
    calls back into Python, which reaches the same site) and the outer
    call reading its arguments after that: each call keeps its own
    argument handles."""
    seen = [0, 0]

    def f(item, key):
        seen[0] += 1
        seen[1] += item * 7 + key
        if item > 0:
            go(item - 1)

    def go(item):
        return cl.call_many(f, item, 2)

    for _ in range(300):
        go(3)
    return seen


class PyGet:
    def get(self):
        return 1000


def method_site_changes():
    """One method call site compiled while it met Box.get alone (machine
    code then takes the method as known), later meeting a subclass's
    instance, a Python class's method of the same name, and Box.get
    again: each call must reach its own method."""
    b, s, p = lc.Box(2), Sub(3), PyGet()
    total, seen = 0, []
    for i in range(6000):
        o = b if i < 4000 or i % 3 == 0 else (s if i % 3 == 1 else p)
        r = o.get()
        total += r
        if i % 997 == 0:
            seen.append(r)
    return total, seen


print("plain and module calls", plain_and_module_calls())
print("methods", methods())
print("errors", errors())
print("callbacks", callbacks())
print("keywords", keywords())
print("constructors", constructors())
print("one site, two functions", one_site_two_functions())
print("reentered", reentered())
print("method site changes", method_site_changes())
# After all that: the plain errors still read the same.
show("pair of one", lc.pair, 1)
show("Box.get on an int", lc.Box.get, 5)
show("echo of none", lc.echo)
