# Module and class-body names (LoadName/StoreName) in hot loops: the name's
# remembered dict position, kept true through del, rebinding and shadowing.
total = 0
for i in range(3000):
    total += i
    x = i * 2
    if i % 500 == 0:
        del x
        try:
            print(x)
        except NameError as e:
            print("NameError", e)
        x = -1
    total += x
print(total)
def make(k):
    class C:
        a = k
        b = a * 2
        for j in range(3):
            b += j
        del j
    return C
print([make(k).b for k in range(5)])
len = lambda s: 42
print(len("abc"))
del len
print(len("abc"))
