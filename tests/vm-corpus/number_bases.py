def to_base(n, b):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    neg = n < 0
    n = abs(n)
    while n:
        n, r = divmod(n, b)
        out.append(digits[r])
    return ("-" if neg else "") + "".join(reversed(out))
for n in [0, 5, 255, -42, 2 ** 70]:
    print(n, to_base(n, 2)[:30], to_base(n, 16), to_base(n, 36), int(to_base(n, 7), 7) == n)
