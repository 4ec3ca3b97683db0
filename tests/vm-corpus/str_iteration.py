s = "hello world"
freq = {}
for ch in s:
    if ch != " ":
        freq[ch] = freq.get(ch, 0) + 1
print(sorted(freq.items()))
print([c.upper() for c in s if c in "aeiou"], list(enumerate("ab")), "".join(sorted(set(s))))
rev = ""
for ch in reversed(s):
    rev += ch
print(rev, s[::-2], s[-5:-1], s[3:3], s[5:2], s[-100:3])
print(ord("z") - ord("a"), "".join(chr(ord("a") + i) for i in range(5)))
