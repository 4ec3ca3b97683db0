x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7; x <<= 2; x >>= 1; x |= 8; x &= 12; x ^= 5
print(x)
s = "ab"; s += "cd"; s *= 2
print(s)
l = [1]; l2 = l; l += [2]; print(l, l2, l is l2)
t = (1,); t2 = t; t += (2,); print(t, t2, t is t2)
d = {"k": 1}; d["k"] += 10; print(d)
class O: pass
o = O(); o.v = 1; o.v += 1; print(o.v)
m = [[0, 0], [0, 0]]; m[1][0] += 7; print(m)
f = 1.5; f /= 2; print(f)
