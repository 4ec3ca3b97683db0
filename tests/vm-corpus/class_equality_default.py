class Plain:
    pass
a, b = Plain(), Plain()
print(a == a, a == b, a != b, a is a, len({a, b, a}), hash(a) == hash(a))
class WithEq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return isinstance(o, WithEq) and self.v == o.v
print(WithEq(1) == WithEq(1), WithEq(1) != WithEq(2), WithEq(1) == 1, [WithEq(3)].count(WithEq(3)), WithEq(2) in [WithEq(2)])
