for i in range(10):
    if i == 2:
        continue
    if i == 6:
        break
    print(i, end=" ")
else:
    print("not reached")
print()
for i in range(3):
    pass
else:
    print("for-else ran", i)
n = 0
while n < 5:
    n += 1
    if n == 10:
        break
else:
    print("while-else ran", n)
x = 5
print("big" if x > 3 else "small", x > 3 and x < 10, x < 3 or x == 5, not x)
print(0 or "default", "" and "never", None or 0 or [] or "last")
if x < 0:
    print("neg")
elif x == 0:
    print("zero")
elif x < 10:
    print("small positive")
else:
    print("large")
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0 != 2, 1 < 3 > 2)
total = 0
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        total += i * j
print(total)
while True:
    x -= 1
    if x < 2:
        break
print(x)
