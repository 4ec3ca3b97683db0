def counter(iterable):
    c = {}
    for x in iterable:
        c[x] = c.get(x, 0) + 1
    return c
def most_common(c, n):
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
words = "to be or not to be that is the question to be".split()
c = counter(words)
print(most_common(c, 3), c["be"], c.get("missing", 0), len(c))
letters = counter("".join(words))
print(most_common(letters, 5), sum(letters.values()))
