def wrap(text, width):
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = w if not cur else cur + " " + w
    if cur:
        lines.append(cur)
    return lines
t = "the quick brown fox jumps over the lazy dog and keeps running far away"
for width in (10, 20, 30):
    out = wrap(t, width)
    print(width, len(out))
    for l in out:
        print("|" + l.ljust(width) + "|")
