# Locals read in machine code: bound on every path (no check), or maybe
# unbound (UnboundLocalError as the interpreter raises it), through
# branches, loops, handlers, with blocks and del.
class Ctx:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return True  # swallows the error

def f(n):
    out = []
    for i in range(n):
        if i % 3:
            y = i
        try:
            out.append(y)
        except UnboundLocalError as e:
            out.append("U")
        try:
            w = 10 // (i % 4)
        except ZeroDivisionError:
            try:
                out.append(w)
            except UnboundLocalError:
                out.append("W")
        with Ctx():
            if i % 5 == 0:
                raise ValueError
            v = i
        try:
            out.append(v)
        except UnboundLocalError:
            out.append("V")
        z = i
        if i % 7 == 0:
            del z
        try:
            out.append(z)
        except UnboundLocalError:
            out.append("Z")
    return out

r = f(3000)
print(len(r), r[:30], r.count("U"), r.count("W"), r.count("V"), r.count("Z"))

def g(flag):
    if flag:
        q = 1
    return q
for flag in [1] * 3000 + [0]:
    try:
        g(flag)
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
