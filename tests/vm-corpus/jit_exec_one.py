# Operators that meet objects with Python methods in hot code: once the
# interpreter has seen them there, machine code hands just that one
# instruction to the interpreter and goes on after it, with whatever kind
# of value the method returned.


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if other == "boom":
            raise ValueError("cannot add " + other)
        return NotImplemented

    def __radd__(self, other):
        return Money(self.cents + other * 100)

    def __mul__(self, k):
        # Not a Money: the next inline operation gets an int or a float.
        return self.cents * k

    def __lt__(self, other):
        return self.cents < other.cents

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __repr__(self):
        return "Money(%d)" % self.cents


def run(n):
    total = Money(0)
    floats = 0.0
    ints = 0
    smaller = 0
    errors = []
    for i in range(n):
        m = Money(i % 7)
        total = total + m
        total = 1 + total
        ints = ints + m * 2 + 1
        floats = floats + m * 0.5 - 1
        if m < Money(3):
            smaller += 1
        if m == Money(4) and i % 500 == 4:
            errors.append(("equal", i))
        if i % 1000 == 999:
            try:
                total = total + "boom"
            except ValueError as e:
                errors.append(str(e))
            try:
                total = total + None
            except TypeError as e:
                errors.append(str(e))
        # The same sites with plain numbers.
        x = (i if i % 3 else m.cents) + 1
        ints = ints + x * 2
    return total, floats, ints, smaller, errors


print(run(5000))


def swapped(n):
    # The methods the VM looks up itself (`__add__`, `__init__`), replaced
    # while in use, and classes made and dropped in a loop (a collection
    # may give a new class the slot of a freed one).
    out = []
    for i in range(n):
        if i == n // 2:
            Money.__add__ = lambda self, other: "replaced add"
            Money.__init__ = lambda self, cents: setattr(self, "cents", -cents)
        m = Money(i)
        out.append((m + m, m.cents))
        T = type("T%d" % (i % 3), (), {"__init__": lambda self, k=i: setattr(self, "k", k), "__add__": lambda self, o, k=i: k})
        t = T()
        out.append((t.k, t + t))
    return out[:4] + out[n - 2:n + 6] + out[-4:]


print(swapped(3000))
