count = 0
def bump(n=1):
    global count
    count += n
    return count
bump(); bump(5)
print(count)
def make():
    data = []
    total = 0
    def add(x):
        nonlocal total
        data.append(x)
        total += x
        return total
    def snapshot():
        return list(data), total
    return add, snapshot
add, snap = make()
add(3); add(4)
print(snap())
def outer():
    v = 1
    def mid():
        nonlocal v
        v += 1
        def inner():
            nonlocal v
            v *= 10
        inner()
    mid()
    return v
print(outer())
