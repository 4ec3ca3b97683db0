# str == / != in a hot loop: one-byte strs, multibyte one-char strs,
# different byte lengths with equal char counts, empty strs, mixed types.
def run(xs, ys):
    eq = ne = 0
    for k in range(3000):
        a, b = xs[k % len(xs)], ys[k % len(ys)]
        if a == b:
            eq += 1
        if a != b:
            ne += 1
    return eq, ne
xs = ["a", "b", "é", "ab", "", "a", "€", "x" * 10, 1, None]
ys = ["a", "é", "b", "", "ab", "e", "€", "x" * 10, 1.0, "None"]
print(run(xs, ys), run(ys, xs), run(["a"], ["a"]), run(["é"], ["e"]))
