def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print([collatz(n) for n in range(1, 20)], max(range(1, 1000), key=collatz))
i = 0
found = None
while i < 100:
    i += 7
    if i % 5 == 0:
        found = i
        break
else:
    found = -1
print(found)
a, b = 0, 1
while b < 1000:
    a, b = b, a + b
print(a, b)
