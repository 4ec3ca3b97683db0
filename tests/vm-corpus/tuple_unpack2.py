pairs = [(1, "one"), (2, "two"), (3, "three")]
for num, name in pairs:
    print(num, name)
for i, (num, name) in enumerate(pairs):
    print(i, num, name[0])
a, (b, (c, d)) = 1, (2, (3, 4))
print(a, b, c, d)
head, *tail = "hello"
print(head, tail)
x = y = z = 0
x += 1
print(x, y, z)
def multi():
    return 1, [2, 3], {"k": 4}
p, [q, r], s = multi()
print(p, q, r, s)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print(e)
