class Item:
    def __init__(self, name, price, qty):
        self.name, self.price, self.qty = name, price, qty
    @property
    def total(self):
        return self.price * self.qty
    def __repr__(self):
        return f"Item({self.name!r}, {self.price}, {self.qty})"
class Inventory:
    def __init__(self):
        self.items = {}
    def add(self, item):
        if item.name in self.items:
            self.items[item.name].qty += item.qty
        else:
            self.items[item.name] = item
    def remove(self, name, qty):
        it = self.items.get(name)
        if it is None or it.qty < qty:
            raise ValueError(f"cannot remove {qty} {name}")
        it.qty -= qty
        if it.qty == 0:
            del self.items[name]
    def value(self):
        return sum(i.total for i in self.items.values())
inv = Inventory()
for n, p, q in [("bolt", 0.25, 100), ("nut", 0.1, 250), ("bolt", 0.25, 20), ("gear", 12.5, 4)]:
    inv.add(Item(n, p, q))
inv.remove("gear", 4)
try:
    inv.remove("nut", 1000)
except ValueError as e:
    print(e)
print(inv.items, f"{inv.value():.2f}", sorted(inv.items.values(), key=lambda i: -i.total))
