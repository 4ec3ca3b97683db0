class Resource:
    log = []
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        Resource.log.append("open " + self.name)
        return self.name.upper()
    def __exit__(self, *exc):
        Resource.log.append("close " + self.name + (" after " + exc[0].__name__ if exc[0] else ""))
        return False
def work(fail):
    with Resource("a") as a, Resource("b") as b:
        if fail:
            raise IndexError
        return a + b
print(work(False))
try:
    work(True)
except IndexError:
    print("propagated")
print(Resource.log)
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        return t is not None and issubclass(t, self.types)
with Suppress(KeyError):
    {}["x"]
print("suppressed")
