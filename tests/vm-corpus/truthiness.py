for v in [0, 1, -1, 0.0, 0.1, "", "0", [], [0], (), {}, {0: 0}, set(), None, True, False, range(0), range(1)]:
    print(repr(v), bool(v), "yes" if v else "no")
class Falsy:
    def __bool__(self):
        return False
class Empty:
    def __len__(self):
        return 0
print(bool(Falsy()), bool(Empty()), not Falsy(), bool(object()))
