def mandel(w, h, it):
    rows = []
    for j in range(h):
        y = -1.2 + 2.4 * j / (h - 1)
        row = ""
        for i in range(w):
            x = -2.0 + 2.8 * i / (w - 1)
            zr = zi = 0.0
            n = 0
            while n < it and zr * zr + zi * zi < 4.0:
                zr, zi = zr * zr - zi * zi + x, 2 * zr * zi + y
                n += 1
            row += " .:-=+*#%@"[n * 9 // it]
        rows.append(row)
    return rows
print("\n".join(mandel(40, 15, 30)))
