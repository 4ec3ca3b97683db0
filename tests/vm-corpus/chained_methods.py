class Query:
    def __init__(self, items):
        self.items = list(items)
    def where(self, pred):
        return Query(x for x in self.items if pred(x))
    def select(self, f):
        return Query(map(f, self.items))
    def order_by(self, key, desc=False):
        return Query(sorted(self.items, key=key, reverse=desc))
    def take(self, n):
        return Query(self.items[:n])
    def to_list(self):
        return self.items
print(Query(range(20)).where(lambda x: x % 3 == 0).select(lambda x: x * x).order_by(lambda x: -x).take(4).to_list())
print(" ".join("  Hello World  ".strip().lower().replace("world", "there").split()).title())
