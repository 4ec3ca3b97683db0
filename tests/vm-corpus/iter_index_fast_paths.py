# For loops over ranges, lists, tuples and bytes step in place, and small
# int indexes into lists, tuples and ASCII strs are read inline: the edges
# must match the general paths.
print([i for i in range(5)], [i for i in range(10, 0, -3)], [i for i in range(3, 3)], [i for i in range(0, 10, 4)])
xs = [1, 2, 3]
out = []
for x in xs:
    out.append(x)
    if x < 3:
        xs.append(x + 10)
print(out, xs)
ys = [1, 2, 3, 4]
for y in ys:
    ys.remove(y)
print(ys)
print([b for b in b"hi!"], [t for t in (1, "a", None)])
s = "hello"
print(s[0], s[4], s[-1], s[-5], "é日x"[1], "é日x"[-1])
for bad in (5, -6):
    try:
        s[bad]
    except IndexError as e:
        print("IndexError", e)
t = (4, 5)
print(t[-2], xs[-1], [[1, 2], [3]][1][0])
try:
    t[2]
except IndexError as e:
    print("IndexError", e)
it = iter(range(2))
print(next(it), next(it), next(it, "done"))
total = 0
for i in range(1000):
    total += i
print(total)

# List and tuple slices: step 1 copies a range; other steps count their
# positions first.
zs = list(range(10))
tz = tuple(zs)
for a, b, st in [(0, 10, 1), (3, 7, 1), (7, 3, 1), (-3, None, 1), (None, None, -1), (8, 1, -3), (1, 9, 4), (9, 0, -1), (5, 5, 2), (-100, 100, 3)]:
    print(zs[a:b:st], tz[a:b:st])
print(list(range(5, -5, -2)), list(range(2, 9, 3)))

# Slices read or assigned directly after being built reuse one slice
# object for lists, tuples and strs; everything else still gets its own.


class Keeper:
    def __init__(self):
        self.kept = []

    def __getitem__(self, k):
        self.kept.append(k)
        return k


kp = Keeper()
kp[1:2]
kp[3:4:5]
print(kp.kept, kp.kept[0] is kp.kept[1])


def sliced_gen(src):
    for i in range(3):
        yield src[i:i + 2][0]


dst = list(range(10))
dst[2:5] = sliced_gen([7, 8, 9, 10])
print(dst)
dst[1:3] = (5, 6)
dst[::3] = [0, 0, 0, 0]
print(dst, "hello"[1:4], "hello"[::-2], (1, 2, 3)[1:], [1, 2, 3][:-1])
for bad in ("x", 1.5):
    try:
        [1, 2][bad:]
    except TypeError as e:
        print("TypeError", e)
try:
    "abc"[::0]
except ValueError as e:
    print("ValueError", e)
try:
    dst[::2] = [1]
except ValueError as e:
    print("ValueError", e)
word = "tokenizer"
print([word[i:i + 3] for i in range(0, len(word), 3)])
