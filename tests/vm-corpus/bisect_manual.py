def bisect_left(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
def insort(a, x):
    a.insert(bisect_left(a, x), x)
a = []
for v in [5, 1, 4, 1, 5, 9, 2, 6, 5, 3]:
    insort(a, v)
print(a, bisect_left(a, 5), bisect_left(a, 0), bisect_left(a, 100))
def binary_search(a, x):
    i = bisect_left(a, x)
    return i if i < len(a) and a[i] == x else -1
print([binary_search(a, v) for v in [1, 7, 9, 3]])
