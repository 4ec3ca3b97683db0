a = list(range(10))
print(a[2:8:2], a[::-3], a[-3:], a[:-7], a[8:2:-2])
a[::2] = [0] * 5
print(a)
del a[::3]
print(a)
b = [5, 2, 9, 1]
b += [7]
b *= 2
print(b, b.index(9), len(b))
c = [[3, "c"], [1, "a"], [2, "b"]]
c.sort(key=lambda p: p[0])
print(c, sorted(c, key=lambda p: p[1], reverse=True))
stack = []
for i in range(5):
    stack.append(i)
while stack:
    print(stack.pop(), end=" ")
print()
print([1, 2, 3] * 0, [] + [], list(), [None] * 3, [x for x in []])
nested = [1, [2, [3, [4]]]]
def flatten(x):
    return [y for item in x for y in (flatten(item) if isinstance(item, list) else [item])]
print(flatten(nested))
