d = {}
for k in [5, 3, 9, 1, 7]:
    d[k] = k * k
print(d, list(d.items())[:2])
del d[3]
d[3] = "again"
print(d)
d.pop(5)
d[5] = "back"
print(list(d))
big = {i: str(i) for i in range(100)}
for i in range(0, 100, 3):
    del big[i]
print(len(big), list(big)[:10], sum(big))
