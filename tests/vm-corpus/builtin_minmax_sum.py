data = [3, -1, 4, -1, 5, -9, 2, 6]
print(min(data), max(data), sum(data), sum(data, 100), min(data, key=abs), max(data, key=lambda v: v % 5))
print(min("hello"), max(["apple", "fig"], key=len), min([], default="empty"), max((1, "b"), (1, "c")))
print(sum(x * x for x in data), sum([0.5, 0.25]), min(3, 3.0), max(2, 2.0), sorted(data)[len(data) // 2])
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
