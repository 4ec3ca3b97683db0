"""api_numbers.c: the number protocol and the int/float/bool conversions,
next to plain Python (complex, Fraction and Decimal left out: the VM has
none of them)."""
from _check import outcome, show
import api_numbers as m


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class Mat:
    def __init__(self, v):
        self.v = v

    def __matmul__(self, other):
        return Mat(self.v * other.v)

    def __imatmul__(self, other):
        self.v = self.v * other.v + 1
        return self


class OnlyAdd:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return OnlyAdd(self.v + other)


def brief(r):
    """A result, or only the type of an error (builtins' messages are the
    interpreter's own)."""
    return repr(r[1]) if r[0] == "ok" else "!" + r[1]


OPERANDS = [0, 1, -7, 3, 2**100, -(3**70), 2.5, -0.5, 0.0, True, "ab", [1, 2], (3,), None]
BINARY = [("add", lambda a, b: a + b), ("subtract", lambda a, b: a - b), ("multiply", lambda a, b: a * b),
          ("floor_divide", lambda a, b: a // b), ("true_divide", lambda a, b: a / b),
          ("remainder", lambda a, b: a % b), ("divmod", divmod), ("lshift", lambda a, b: a << b),
          ("rshift", lambda a, b: a >> b), ("and_", lambda a, b: a & b), ("xor_", lambda a, b: a ^ b),
          ("or_", lambda a, b: a | b), ("matrix_multiply", lambda a, b: a @ b)]
for name, op in BINARY:
    fn = getattr(m, name)
    for a in OPERANDS:
        row = []
        for b in OPERANDS:
            if name == "lshift" and isinstance(b, int) and b > 1000:
                continue
            want, got = outcome(op, a, b), outcome(fn, a, b)
            row.append(brief(got) + ("" if brief(got) == brief(want) else " (python: %s)" % brief(want)))
        print(name, repr(a), ":", ", ".join(row))

show("add str", m.add, "ab", "cd")
show("multiply list", m.multiply, [0], 3)
show("multiply int str", m.multiply, 3, "x")
show("remainder format", m.remainder, "%s-%d", ("a", 5))
print("matmul", m.matrix_multiply(Mat(3), Mat(4)).v)
for fn in (m.floor_divide, m.true_divide, m.remainder, m.divmod):
    print("zero division", brief(outcome(fn, 1, 0)), brief(outcome(fn, 2**100, 0.0)))
show("negative shift", m.lshift, 1, -1)
for a, b in [(2, 10), (2, -1), (-8, 3), (2.0, 0.5), (3, 200), (0, 0)]:
    show(f"power {a} {b}", m.power, a, b)
for a, b, c in [(3, 200, 7), (2, 10, 1000), (3, -1, 7), (2**100, 2**50, 97), (2, 3, None)]:
    show(f"power {a} {b} {c}", m.power, a, b, c)
print("power errors", brief(outcome(m.power, 2, -1, 4)), brief(outcome(m.power, 2.0, 2, 3)),
      brief(outcome(m.power, 0, -1)))
for name in ["inplace_add", "inplace_subtract", "inplace_multiply", "inplace_floor_divide",
             "inplace_true_divide", "inplace_remainder", "inplace_lshift", "inplace_rshift",
             "inplace_and", "inplace_xor", "inplace_or"]:
    fn = getattr(m, name)
    print(name, [fn(a, b) for a, b in [(13, 5), (2**100, 7), (-9, 2)]])
print("inplace_power", m.inplace_power(3, 4), m.inplace_power(3, 4, 5))
lst = [1]
print("list +=", m.inplace_add(lst, [2, 3]) is lst, m.inplace_add(lst, (4,)) is lst,
      m.inplace_multiply(lst, 2) is lst, lst)
s = {1}
print("set ops", m.inplace_or(s, {2}) is s, sorted(s), m.inplace_and(s, {2, 3}) is s, sorted(s),
      m.inplace_xor(s, {2, 5}) is s, sorted(s), m.inplace_subtract(s, {5}) is s, s)
d = {"a": 1}
print("dict |=", m.inplace_or(d, {"b": 2}) is d, d)
t = (1,)
print("tuple +=", m.inplace_add(t, (2,)), t)
mat = Mat(2)
print("@=", m.inplace_matrix_multiply(mat, Mat(5)) is mat, mat.v)
r = m.inplace_add(OnlyAdd(1), 2)
print("+= falls back to +", type(r).__name__, r.v)
print("list += int", brief(outcome(m.inplace_add, [], 1)))
for v in [0, 5, -5, 2**100, -(2**100), 2.5, -0.0, True]:
    print("unary", repr(v), repr(m.negative(v)), repr(m.positive(v)), repr(m.absolute(v)),
          repr(m.invert(v)) if isinstance(v, int) else "-")
print("unary errors", [brief(outcome(fn, "s")) for fn in (m.negative, m.positive, m.absolute, m.invert)],
      brief(outcome(m.invert, 1.5)))
for v in [7, True, Idx(2**80), 1.5, "1"]:
    r = outcome(m.index, v)
    print("index", brief(r), type(r[1]).__name__ if r[0] == "ok" else "")
for v in [3.9, -3.9, "123", " -10 ", True, "1" * 50, "x", float("inf"), None]:
    r = outcome(m.long_, v)
    print("long", repr(v), brief(r), type(r[1]).__name__ if r[0] == "ok" else "")
for v in [3, "1.5", Idx(4), "x", 10**400]:
    r = outcome(m.float_, v)
    print("float", repr(v) if not isinstance(v, Idx) else "Idx", brief(r))
print("number_check", [m.number_check(v) for v in [1, 1.5, True, Idx(1)]],
      [m.number_check(v) for v in ["1", [], None, b"1"]])
show("add_null", m.add_null, 1)
show("negative_null", m.negative_null)
print("from_c", [m.from_c(i) for i in range(18)])
print("bool_from_bool", [m.bool_from_bool(v) for v in [0, 1, "", "x", [], None]])
for name, lo, hi in [("as_int32", -2**31, 2**31 - 1), ("as_uint32", 0, 2**32 - 1),
                     ("as_int64", -2**63, 2**63 - 1), ("as_uint64", 0, 2**64 - 1),
                     ("as_size_t", 0, 2**64 - 1), ("as_ssize_t", -2**63, 2**63 - 1)]:
    fn = getattr(m, name)
    print(name, [fn(v) for v in [lo, lo + 1, 0, 1, 12345, hi - 1, hi]],
          [brief(outcome(fn, v)) for v in [lo - 1, hi + 1, 2**100, -2**100, True, 1.0, "1", Idx(7)]])
show("int32 overflow", m.as_int32, 2**31)
show("int32 underflow", m.as_int32, -2**31 - 1)
show("uint32 overflow", m.as_uint32, 2**32)
show("uint32 negative", m.as_uint32, -1)
show("uint64 negative", m.as_uint64, -1)
for v in [0, 1, 2**32 - 1, 2**32, 2**32 + 5, -1, -2**31, 2**100 + 7, -(2**70) - 3]:
    print("masks", v, m.as_uint32_mask(v), m.as_uint64_mask(v))
print("mask of Idx(-1)", m.as_uint64_mask(Idx(-1)), brief(outcome(m.as_uint32_mask, 1.0)))
for v in [0, 1, -1, 2**53, 2**53 + 1, 2**1000, -(2**1023), 2**1024, 1.5]:
    print("long_as_double", brief(outcome(m.long_as_double, v)))
for v in [0.0, -0.0, 1.5, 1e308, float("inf"), 5e-324, float("nan"), 3, 2**70, Idx(9), "1.5", 10**400]:
    print("float_as_double", brief(outcome(m.float_as_double, v)))
for v in [0, 1, 0xDEADBEEF, 2**63, 2**64 - 1, 2**64]:
    print("as_void_ptr", brief(outcome(m.as_void_ptr, v)))
print("raw_error_value", [m.raw_error_value(i, v) for i, v in
                          [(0, 2**40), (1, 2**40), (2, 2**64), (3, -1), (4, -1), (5, 2**64), (6, 2**1024), (7, "x")]])
show("arity negative", m.negative)
show("arity add", m.add, 1)
