class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, o):
        if isinstance(o, Money):
            return Money(self.cents + o.cents)
        return NotImplemented
    def __radd__(self, o):
        if o == 0:
            return self
        return NotImplemented
    def __sub__(self, o):
        return Money(self.cents - o.cents)
    def __mul__(self, k):
        return Money(self.cents * k)
    __rmul__ = __mul__
    def __truediv__(self, k):
        return Money(self.cents // k)
    def __eq__(self, o):
        return isinstance(o, Money) and self.cents == o.cents
    def __lt__(self, o):
        return self.cents < o.cents
    def __le__(self, o):
        return self.cents <= o.cents
    def __hash__(self):
        return hash(self.cents)
    def __repr__(self):
        return f"${self.cents / 100:.2f}"
    def __format__(self, spec):
        return format(self.cents / 100, spec)
m = Money(150)
print(m + Money(50), m - Money(25), m * 3, 2 * m, m / 4, sum([Money(1), Money(2)]))
print(m == Money(150), m != Money(1), m < Money(200), m >= Money(150), sorted([Money(3), Money(1)]))
print(f"{m:.1f}", {m: 1}[Money(150)], max(Money(5), Money(9)))
try:
    m + 1
except TypeError as e:
    print("TypeError:", e)


class OnlyReflected:
    # `a + a` of one type never asks `__radd__` (CPython's rule); another
    # type on the left does.
    def __add__(self, other):
        return NotImplemented

    def __radd__(self, other):
        return "radd"


try:
    OnlyReflected() + OnlyReflected()
except TypeError as e:
    print("TypeError:", e)
print(1 + OnlyReflected(), [] + OnlyReflected() if False else "skip")
