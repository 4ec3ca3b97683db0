vals = [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1.005, 0.125, 0.375]
print([round(v) for v in vals])
print([round(v, 2) for v in vals])
print([round(v, 1) for v in vals])
print(round(123.456, -1), round(-123.456, -2), round(5, 1), round(15, -1), round(25, -1))
print(int(2.999999), int(-2.999999), 7.0 // 2, -7.0 // 2, 1e300 * 1e10, -1e300 * 1e10)
