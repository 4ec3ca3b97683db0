total = 0
for i in range(200000):
    total += i * i % 7
print(total)
acc = 0.0
for i in range(1, 50000):
    acc += 1.0 / (i * i)
print(acc)
