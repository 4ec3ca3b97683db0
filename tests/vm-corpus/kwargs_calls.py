def show(a, b=0, *rest, flag=False, **opts):
    return f"a={a} b={b} rest={rest} flag={flag} opts={dict(sorted(opts.items()))}"
print(show(1))
print(show(1, 2, 3, 4))
print(show(a=5, b=6))
print(show(1, flag=True, z=1, y=2))
print(show(*[1, 2, 3], **{"flag": True, "w": 0}))
def only_kw(*, x, y=2):
    return x * y
print(only_kw(x=3), only_kw(y=5, x=2))
for bad in [lambda: only_kw(), lambda: show(), lambda: show(1, a=2), lambda: only_kw(x=1, z=2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
# Keywords bound straight into the parameter slots (no *args/**kwargs):
# every mix of positional, keyword, default and keyword-only, run hot.
def plain(a, b=10, c=20, *, d, e=40):
    return (a, b, c, d, e)
def posonly(a, b=2, /, c=3):
    return (a, b, c)
def gen_kw(n, step=1):
    yield from range(0, n, step)
def outer(k):
    def inner(x, y=1):
        return x * y + k
    return inner
acc = []
for i in range(3000):
    acc.append(plain(i, d=1) + plain(1, c=i, d=2) + plain(e=3, d=4, a=5) + plain(1, 2, 3, d=i, e=5))
    acc.append(posonly(i, c=5) + posonly(1, 2, c=i))
    acc.append(sum(gen_kw(i % 7, step=2)) + outer(i)(y=3, x=2))
print(len(acc), acc[0], acc[1], acc[2], acc[-3], acc[-2], acc[-1])
for bad in [lambda: plain(1), lambda: plain(1, a=1, d=2), lambda: plain(d=1), lambda: posonly(a=1),
            lambda: plain(1, 2, 3, 4, d=1), lambda: plain(1, d=1, f=2), lambda: posonly(1, b=2)]:
    try:
        print(bad())
    except TypeError as e:
        print("TypeError:", e)
