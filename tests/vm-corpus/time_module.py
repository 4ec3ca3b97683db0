import time
t0 = time.time()
p0 = time.perf_counter()
s = 0
for i in range(1000):
    s += i
print(s, time.time() >= t0, time.perf_counter() >= p0, type(time.time()).__name__)
