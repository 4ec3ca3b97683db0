s = "The quick brown fox"
words = s.split()
print(words, len(words), " ".join(w[::-1] for w in words))
print(s.lower().count("o"), s.find("q"), s[4:9].upper(), s.index("fox"))
print("a-b-c".split("-", 1), "  x  y ".split(" "), "".split(), "abc".split("b"))
print("Hello".ljust(8, ".") + "|", "%-6s|%6s|" % ("ab", "cd"), "%03d" % 7, "%+d" % 5, "%e" % 12345.678)
print("ab" < "abc", "abc" > "abd", sorted(["b", "A", "a", "B"]), "x".join(["1", "2", "3"]))
print(str.upper("abc"), str.join(",", ["a", "b"]), "abc".replace("", "-"))
