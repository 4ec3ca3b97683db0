data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long", n)
out = []
i = 0
while (v := data[i]) != 9:
    out.append(v)
    i += 1
print(out, v)
