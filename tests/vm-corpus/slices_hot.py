# List and tuple slices in a hot loop (machine code's slice fast path):
# every clamping case of start/stop with steps 1, 2, -1 and -3, slice
# assignment with step 1 growing, shrinking and self-assigning, and the
# errors of a zero step and a mismatched extended slice.
def loads(xs, t):
    out = 0
    for a in [None, -12, -3, 0, 2, 9, 10, 15]:
        for b in [None, -12, -1, 0, 3, 10, 20]:
            for st in [None, 1, 2, -1, -3]:
                for _ in range(12):
                    s, u = xs[a:b:st], t[a:b:st]
                    out += len(s) * 3 + sum(s) + len(u)
    return out


def stores():
    ys = list(range(6))
    seen = []
    for k in range(400):
        ys[:3] = ys[2::-1]
        ys[1:1] = (k, k + 1)
        ys[-2:] = []
        ys[:] = ys
        ys[5:2] = [k]
        ys = ys[-8:]
        if k % 97 == 0:
            seen.append(list(ys))
    return seen


def errors():
    ys = [1, 2, 3, 4]
    caught = []
    for _ in range(3):
        try:
            ys[::0]
        except ValueError as e:
            caught.append(str(e))
        try:
            ys[::2] = [1]
        except ValueError as e:
            caught.append(str(e))
    return caught


print(loads(list(range(10)), tuple(range(10))))
print(stores())
print(errors(), [1, 2, 3][True:], (1, 2)[::-1])
