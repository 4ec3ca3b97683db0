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
