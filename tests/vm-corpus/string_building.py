rows = []
for i in range(1, 6):
    rows.append(" ".join(f"{i * j:3d}" for j in range(1, 6)))
print("\n".join(rows))
parts = []
for word in "a bb ccc dddd".split():
    parts.append(word.center(6, "."))
print("|".join(parts))
table = [("name", "qty"), ("apple", 3), ("kiwi", 12)]
for name, qty in table:
    print(f"{name:<8}{qty!s:>5}")
s = ""
for i in range(20):
    s += str(i % 10)
print(s, len(s))
print("{:-^20}".format(" title "), "{:08.3f}".format(-3.14159), "{0}{0}{1}".format("ab", "c"))
