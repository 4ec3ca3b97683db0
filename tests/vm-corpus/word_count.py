text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness"""
counts = {}
for raw in text.split():
    w = raw.strip(",.").lower()
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(top, len(counts), sum(counts.values()))
lines = text.splitlines()
print(len(lines), [len(l) for l in lines], max(lines, key=len)[:10])
