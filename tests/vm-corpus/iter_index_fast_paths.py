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
