def append_to(x, target=[]):
    target.append(x)
    return target
print(append_to(1), append_to(2), append_to(3, []))
def safe_append(x, target=None):
    if target is None:
        target = []
    target.append(x)
    return target
print(safe_append(1), safe_append(2))
def counter(start=0, *, step=1):
    return [start + i * step for i in range(3)]
print(counter(), counter(5), counter(step=2), counter(1, step=-1))
