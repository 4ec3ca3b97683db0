# Calls between compiled functions, made by machine code straight into
# the callee's machine code: every way such a callee can end (a plain
# return, an exception it handles itself or passes on, the recursion
# limit), callees that grow the stack or collect, and call sites that
# meet callables machine code cannot enter that way.

import gc


def add(a, b):
    c = a + b
    return c


def plain_calls(n):
    s = 0
    for i in range(n):
        s = add(s, i)
    return s


print("plain", plain_calls(3000))


class Counter:
    def __init__(self, start):
        self.n = start

    def bump(self, k):
        self.n = self.n + k
        return self.n

    def twice(self, k):
        # A method calling a method of the same object.
        return self.bump(k) + self.bump(k)


def method_calls(n):
    c = Counter(10)
    t = 0
    for i in range(n):
        t = t + c.twice(i % 7)
    return t, c.n


print("methods", method_calls(3000))


def check(x):
    if x % 5 == 4:
        raise ValueError("bad %d" % x)
    return x * 2


def caller_handles(n):
    total = 0
    errors = 0
    for i in range(n):
        try:
            total = total + check(i)
        except ValueError as e:
            errors = errors + 1
            last = str(e)
    return total, errors, last


print("raised", caller_handles(3000))


def handles_itself(x):
    # An exception raised and handled inside the callee: it goes on in
    # the interpreter's handler and returns from there.
    try:
        if x % 3 == 0:
            raise KeyError(x)
        r = x
    except KeyError:
        r = -x
    return r


def callee_handles(n):
    s = 0
    for i in range(n):
        try:
            s = s + handles_itself(i)
        except KeyError:
            s = 10**9
    return s


print("handled inside", callee_handles(3000))


def finally_returns(x):
    try:
        return x + 1
    finally:
        x = 0


def with_finally(n):
    s = 0
    for i in range(n):
        s = s + finally_returns(i)
    return s


print("finally", with_finally(3000))


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


def recursion_limit():
    outcomes = []
    for k in (10, 200, 900):
        outcomes.append(depth(k))
    try:
        depth(100000)
    except RecursionError:
        outcomes.append("RecursionError")
    # And calls work as before after it.
    outcomes.append(depth(50))
    return outcomes


print("recursion", recursion_limit())


def wide(n, a, b, c, d):
    # Many locals and a deep operand stack on every level: the VM's stack
    # grows (and moves) while callees run.
    e = a + b
    f = c + d
    g = [e, f, n]
    if n == 0:
        return e + f
    return wide(n - 1, a + 1, b, c, d + 1) + g[0] - g[1] + (e * f) % 7


print("wide", wide(400, 1, 2, 3, 4))


def make_garbage(k):
    junk = [[i, str(i)] for i in range(k)]
    gc.collect()
    return len(junk)


def collects(n):
    kept = []
    s = 0
    for i in range(n):
        kept.append((i, "x" * (i % 5)))
        s = s + make_garbage(i % 9)
    return s, len(kept), kept[-1]


print("gc", collects(600))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print("fib", fib(20), "mutual", is_even(300), is_odd(301))


def with_default(a, b=10):
    return a + b


def closure_maker(k):
    def inner(x):
        return x + k

    return inner


def gen(n):
    for i in range(n):
        yield i


def many(*args):
    return len(args)


def mixed_sites(n):
    # One call site meets callables of every kind: those machine code
    # enters directly and those it leaves to the interpreter's call.
    inner = closure_maker(5)
    fs = [add, with_default, inner, many, max, Counter, len]
    out = []
    for i in range(n):
        f = fs[i % len(fs)]
        if f is with_default or f is inner:
            r = f(i)
        elif f is len:
            r = f([i, i])
        elif f is Counter:
            r = f(i).n
        else:
            r = f(i, 1)
        out.append(r)
    return sum(out), out[:8], sum(gen(5))


print("mixed", mixed_sites(3000))


def arity(a, b):
    return a - b


def wrong_arity(n):
    caught = 0
    for i in range(n):
        try:
            if i % 100 == 99:
                arity(i)
            else:
                arity(i, 1)
        except TypeError as e:
            caught = caught + 1
            msg = str(e)
    return caught, msg


print("arity", wrong_arity(3000))


def rebinding(n):
    global add
    original = add
    s = 0
    for i in range(n):
        if i == n // 2:
            add = lambda a, b: a * b % 1000
        s = add(s, i + 1)
    add = original
    return s


print("rebinding", rebinding(3000))


def returns_kinds(i):
    if i % 4 == 0:
        return None
    if i % 4 == 1:
        return 1.5
    if i % 4 == 2:
        return "s"
    return [i]


def kinds(n):
    seen = {}
    for i in range(n):
        k = type(returns_kinds(i)).__name__
        seen[k] = seen.get(k, 0) + 1
    return sorted(seen.items())


print("kinds", kinds(3000))


# Instances made directly: `cls(...)` runs a plain Python `__init__`'s
# machine code with the new instance below its frame.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    # The base's `__init__` is found through the MRO.
    pass


class Rebinds:
    def __init__(self, v):
        self.v = v
        self = None


class Picky:
    def __init__(self, v):
        if v % 50 == 49:
            raise ValueError("no %d" % v)
        try:
            if v % 7 == 0:
                raise KeyError(v)
            self.v = v
        except KeyError:
            self.v = -v


class ReturnsValue:
    def __init__(self, v):
        if v == 2999:
            return v


class Counted:
    # Its own `__new__`: made through the interpreter's call.
    count = 0

    def __new__(cls, v):
        cls.count = cls.count + 1
        return object.__new__(cls)

    def __init__(self, v):
        self.v = v * 2


class NoInit:
    pass


class Defaulted:
    def __init__(self, a, b=3):
        self.s = a + b


class Collects:
    def __init__(self, k):
        self.items = [str(i) for i in range(k)]
        gc.collect()


def instances(n):
    total = 0
    errors = []
    for i in range(n):
        p = Point(i, 2)
        q = Point3(1, i)
        total = total + p.x + q.y + Rebinds(i).v
        try:
            total = total + Picky(i).v
        except ValueError as e:
            errors.append(str(e))
        try:
            ReturnsValue(i)
        except TypeError as e:
            errors.append(str(e))
        w = Counted(i)
        total = total + w.v + Counted.count % 3 + Defaulted(i).s
        if NoInit() is None:
            total = -1
    kept = [Collects(i % 4) for i in range(200)]
    return total, len(errors), errors[0], errors[-1], sum(len(c.items) for c in kept)


print("instances", instances(3000))


class Vanishing:
    def __init__(self, v):
        # The class loses its `__init__` while it runs.
        del Vanishing.__init__
        self.v = v


def vanishing():
    first = Vanishing(5)
    second = Vanishing()
    return first.v, hasattr(second, "v")


print("vanishing", vanishing())


def closures(n):
    # Callees closing over the caller's names: their cells are copied into
    # the frame, so a change either side makes is seen by the other.
    count = 0
    scale = 2

    def bump(k):
        nonlocal count
        count = count + k * scale
        return count

    def read(k):
        return k + count

    t = 0
    for i in range(n):
        t = t + bump(1) - read(i)
        if i == n // 2:
            scale = 3
    return t, count


print("closures", closures(3000))


# Operators on instances in hot code: the left operand's Python method is
# called directly, and CPython's order still holds (a NotImplemented goes
# on to the right operand's reflected method, a subclass's reflected
# method goes first, `__iadd__` before `__add__`).


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        if isinstance(other, V):
            return V(self.x + other.x)
        if isinstance(other, int):
            if other == 13:
                raise ArithmeticError("unlucky")
            return V(self.x + other)
        return NotImplemented

    def __mul__(self, k):
        # Drops its own reference to the operand and collects: the
        # operands stay alive below the frame.
        x = self.x
        self = None
        if k == 7:
            gc.collect()
        return x * k

    def __sub__(self, other):
        return NotImplemented


class W:
    def __radd__(self, other):
        return "W.radd"

    def __rsub__(self, other):
        return "W.rsub"


class VSub(V):
    def __radd__(self, other):
        return "VSub.radd first"


class Acc:
    def __init__(self):
        self.n = 0

    def __iadd__(self, k):
        self.n = self.n + k
        return self

    def __add__(self, k):
        return "plain add"


def operators(n):
    out = []
    v = V(1)
    acc = Acc()
    total = 0
    for i in range(n):
        v = v + V(1)
        total = total + v * (i % 9)
        if i % 500 == 0:
            out.append(v + W())
            out.append(v - W())
            out.append(V(0) + VSub(1))
            try:
                v - V(1)
            except TypeError as e:
                out.append(str(e))
        try:
            v = v + (i % 20)
        except ArithmeticError as e:
            out.append(str(e)[:3])
        acc += 1
        if i == n // 2:
            V.__mul__ = lambda self, k: -k
    plain = V(5)
    plain2 = plain
    plain2 += 1
    return v.x, total, acc.n, plain.x, plain2.x, len(out), out[:6]


print("operators", operators(3000))
