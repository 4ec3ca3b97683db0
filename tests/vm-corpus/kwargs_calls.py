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
