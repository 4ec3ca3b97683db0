class Registry:
    _items = {}
    @classmethod
    def register(cls, name):
        def deco(f):
            cls._items[name] = f
            return f
        return deco
    @classmethod
    def call(cls, name, *args):
        return cls._items[name](*args)
@Registry.register("add")
def add(a, b):
    return a + b
@Registry.register("neg")
def neg(a):
    return -a
print(Registry.call("add", 2, 3), Registry.call("neg", 4), sorted(Registry._items))
