s = "héllo wörld ✓"
print(s, len(s), s[1], s[-1], s[6:11], s.upper())
print([c for c in "añb"], list(reversed("añb")))
print(ord("é"), chr(233), chr(10003), "✓" in s, s.find("w"), s.index("✓"))
e = s.encode()
print(len(e), e[:3], e.decode() == s)
print("日本語"[1], len("日本語"), "日本語" * 2, "x".join("日本"))
print(sorted("bça"), "ÉCOLE".lower(), "straße".upper())
print(repr("é\x01"), ascii("é✓"))
