# pow() with a modulus and a negative exponent (modular inverse), shifts past
# every bit, sequences times huge ints, float() through __index__, '%' with a
# mapping-like argument.


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print(pow(3, -1, 7), pow(38, -1, 97), pow(38, -1, -97), pow(2, -3, 11), pow(5, -1, 1), pow(2, 10, None))
attempt("not invertible", lambda: pow(2, -1, 4))
attempt("zero modulus", lambda: pow(2, -1, 0))
attempt("float with modulus", lambda: pow(2.0, 2, 3))
attempt("0 ** -1", lambda: 0 ** -1)
attempt("0 ** -big", lambda: 0 ** -(2 ** 70))
print(5 >> 10 ** 30, -5 >> 10 ** 30, (2 ** 80) >> 2 ** 64, -(2 ** 80) >> 2 ** 64)
attempt("negative shift", lambda: 1 >> -(2 ** 70))
for seq in ["ab", [1, 2], (3,), b"x"]:
    attempt("seq * huge", lambda: seq * 2 ** 70)
    attempt("huge * seq", lambda: -(2 ** 70) * seq)
print(float(Idx(4)), float(Idx(-2 ** 60)))
attempt("float(Idx(huge))", lambda: float(Idx(10 ** 400)))
print("ab" % [1, 2], "ab" % {"k": 1}, "%(k)s!" % {"k": 1}, "%s" % [1, 2])
attempt("'ab' % 3", lambda: "ab" % 3)
attempt("'ab' % (1,)", lambda: "ab" % (1,))
