class Counter:
    instances = 0
    registry = []
    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances
        self.registry.append(self.id)
a, b, c = Counter(), Counter(), Counter()
print(Counter.instances, a.instances, c.id, Counter.registry)
a.instances = 99
print(a.instances, Counter.instances, b.instances)
class Config:
    debug = False
    level = 1
Config.level = 5
Config.extra = "x"
print(Config.level, Config.extra, getattr(Config, "debug"), hasattr(Config, "nope"))
class M:
    def method(self):
        return "bound"
m = M()
f = m.method
print(f(), M.method(m), f.__self__ is m, f.__name__)
