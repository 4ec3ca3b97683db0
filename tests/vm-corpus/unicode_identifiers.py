café = "coffee"
π = 3.14159
def größe(x):
    return x * 2
print(café, π, größe(2), len("👍"), "👍".encode()[:2])
