print(f"{'C':>6} {'F':>8} {'K':>8}")
for c in range(-40, 101, 20):
    f = c * 9 / 5 + 32
    k = c + 273.15
    print(f"{c:>6d} {f:>8.1f} {k:>8.2f}")
vals = [c * 9 / 5 + 32 for c in range(0, 101, 25)]
print(vals, round(sum(vals) / len(vals), 3), f"{max(vals) - min(vals):.0f}")
