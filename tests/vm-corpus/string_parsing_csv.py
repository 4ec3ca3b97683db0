data = """name,age,city
Alice,30,Paris
Bob,25,Berlin
Carol,35,Rome"""
lines = data.split("\n")
header = lines[0].split(",")
rows = [dict(zip(header, l.split(","))) for l in lines[1:]]
print(rows)
print(sorted(r["name"] for r in rows if int(r["age"]) > 26), sum(int(r["age"]) for r in rows) / len(rows))
out = [",".join(header)] + [",".join(r[h] for h in header) for r in sorted(rows, key=lambda r: r["city"])]
print("\n".join(out))
