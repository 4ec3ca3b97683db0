samples = ["plain", "quote'", 'dq"', "both'\"", "back\\slash", "nl\n", "tab\t", "\x00", "é", "\u2603"]
for s in samples:
    print(repr(s), len(s))
print(repr(""), repr("'"), str("a\tb"), "\N{GREEK SMALL LETTER ALPHA}" if False else "alpha")
print("a\
b", "tri\"ple", """multi
line""", r"raw\n", len(r"\n"))
