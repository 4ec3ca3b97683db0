"""The number protocol (src/ctx/number.rs) and the int/float/bool
conversions (src/ctx/long_float.rs), through tests/exts/api_numbers.c,
checked against plain Python."""
import decimal
import fractions
import math
import operator

import pytest


@pytest.fixture(scope="module")
def mod(load_ext):
    return load_ext("api_numbers")


class Idx:
    """An object that is an integer only through __index__."""

    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class Mat:
    """Supports @ and @= (in place), recording what happened."""

    def __init__(self, v):
        self.v = v

    def __matmul__(self, other):
        return Mat(self.v * other.v)

    def __imatmul__(self, other):
        self.v = self.v * other.v + 1
        return self


class OnlyAdd:
    """No __iadd__: in-place add falls back to __add__."""

    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return OnlyAdd(self.v + other)


OPERANDS = [0, 1, -7, 3, 2**100, -(3**70), 2.5, -0.5, 0.0, 1 + 2j, True,
            fractions.Fraction(3, 4), decimal.Decimal("1.25"), "ab", [1, 2], (3,), None]

BINARY = [
    ("add", operator.add), ("subtract", operator.sub), ("multiply", operator.mul),
    ("floor_divide", operator.floordiv), ("true_divide", operator.truediv),
    ("remainder", operator.mod), ("divmod", divmod), ("lshift", operator.lshift),
    ("rshift", operator.rshift), ("and_", operator.and_), ("xor_", operator.xor),
    ("or_", operator.or_), ("matrix_multiply", operator.matmul),
]


def outcome(fn, *args):
    """('ok', value) or ('err', exception type) for fn(*args)."""
    try:
        return "ok", fn(*args)
    except Exception as e:  # noqa: BLE001 - the type is the result
        return "err", type(e)


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("name,op", BINARY, ids=[n for n, _ in BINARY])
def test_binary_ops_match_python(mod, name, op):
    fn = getattr(mod, name)
    for a in OPERANDS:
        for b in OPERANDS:
            if name in ("lshift",) and isinstance(b, int) and b > 1000:
                continue  # 1 << 2**100 would not fit in memory
            want = outcome(op, a, b)
            got = outcome(fn, a, b)
            if want[0] == "err":
                assert got == want, (name, a, b)
            else:
                assert got[0] == "ok" and same(got[1], want[1]), (name, a, b, got, want)


def test_sequence_operators(mod):
    assert mod.add("ab", "cd") == "abcd"
    assert mod.add([1], [2]) == [1, 2]
    assert mod.multiply([0], 3) == [0, 0, 0]
    assert mod.multiply(3, "x") == "xxx"
    assert mod.remainder("%s-%d", ("a", 5)) == "a-5"


def test_matrix_multiply(mod):
    assert mod.matrix_multiply(Mat(3), Mat(4)).v == 12
    with pytest.raises(TypeError):
        mod.matrix_multiply(2, 3)


def test_division_errors(mod):
    for fn in (mod.floor_divide, mod.true_divide, mod.remainder, mod.divmod):
        with pytest.raises(ZeroDivisionError):
            fn(1, 0)
        with pytest.raises(ZeroDivisionError):
            fn(2**100, 0.0)
    with pytest.raises(ValueError, match="negative shift count"):
        mod.lshift(1, -1)
    with pytest.raises(TypeError):
        mod.add(1, "a")


def test_power(mod):
    for a, b in [(2, 10), (2, -1), (-8, 3), (2.0, 0.5), (3, 200), (0, 0), (1j, 2)]:
        assert mod.power(a, b) == a ** b
    for a, b, c in [(3, 200, 7), (2, 10, 1000), (3, -1, 7), (2**100, 2**50, 97)]:
        assert mod.power(a, b, c) == pow(a, b, c)
    assert mod.power(2, 3, None) == 8
    with pytest.raises(ValueError):
        mod.power(2, -1, 4)  # no inverse
    with pytest.raises(TypeError):
        mod.power(2.0, 2, 3)
    with pytest.raises(ZeroDivisionError):
        mod.power(0, -1)


def test_inplace_ops_on_ints_make_new_values(mod):
    cases = [("inplace_add", operator.iadd), ("inplace_subtract", operator.isub),
             ("inplace_multiply", operator.imul), ("inplace_floor_divide", operator.ifloordiv),
             ("inplace_true_divide", operator.itruediv), ("inplace_remainder", operator.imod),
             ("inplace_lshift", operator.ilshift), ("inplace_rshift", operator.irshift),
             ("inplace_and", operator.iand), ("inplace_xor", operator.ixor),
             ("inplace_or", operator.ior)]
    for name, op in cases:
        fn = getattr(mod, name)
        for a, b in [(13, 5), (2**100, 7), (-9, 2)]:
            assert fn(a, b) == op(a, b), (name, a, b)
    assert mod.inplace_power(3, 4) == 81
    assert mod.inplace_power(3, 4, 5) == pow(3, 4, 5)


def test_inplace_ops_mutate_lists_and_sets(mod):
    lst = [1]
    r = mod.inplace_add(lst, [2, 3])
    assert r is lst and lst == [1, 2, 3]
    r = mod.inplace_add(lst, (4,))  # += takes any iterable; + would not
    assert r is lst and lst == [1, 2, 3, 4]
    r = mod.inplace_multiply(lst, 2)
    assert r is lst and lst == [1, 2, 3, 4] * 2
    s = {1}
    assert mod.inplace_or(s, {2}) is s and s == {1, 2}
    assert mod.inplace_and(s, {2, 3}) is s and s == {2}
    assert mod.inplace_xor(s, {2, 5}) is s and s == {5}
    assert mod.inplace_subtract(s, {5}) is s and s == set()
    d = {"a": 1}
    assert mod.inplace_or(d, {"b": 2}) is d and d == {"a": 1, "b": 2}
    t = (1,)
    r = mod.inplace_add(t, (2,))
    assert r == (1, 2) and t == (1,)


def test_inplace_special_methods(mod):
    m = Mat(2)
    assert mod.inplace_matrix_multiply(m, Mat(5)) is m
    assert m.v == 11
    r = mod.inplace_add(OnlyAdd(1), 2)  # falls back to __add__
    assert isinstance(r, OnlyAdd) and r.v == 3
    with pytest.raises(TypeError):
        mod.inplace_add([], 1)


def test_unary_ops(mod):
    for v in [0, 5, -5, 2**100, -(2**100), 2.5, -0.0, True, fractions.Fraction(-1, 3)]:
        assert same(mod.negative(v), -v)
        assert same(mod.positive(v), +v)
        assert same(mod.absolute(v), abs(v))
        if isinstance(v, int):
            assert same(mod.invert(v), ~v)
    assert mod.absolute(3 + 4j) == 5.0
    for fn in (mod.negative, mod.positive, mod.absolute, mod.invert):
        with pytest.raises(TypeError):
            fn("s")
    with pytest.raises(TypeError):
        mod.invert(1.5)


def test_index_long_float(mod):
    assert mod.index(7) == 7
    r = mod.index(True)
    assert r == 1 and type(r) is int  # an exact int
    assert mod.index(Idx(2**80)) == 2**80
    with pytest.raises(TypeError):
        mod.index(1.5)
    with pytest.raises(TypeError):
        mod.index("1")

    assert same(mod.long_(3.9), 3)
    assert same(mod.long_(-3.9), -3)
    assert same(mod.long_("123"), 123)
    assert same(mod.long_(" -10 "), -10)
    assert same(mod.long_(True), 1)
    assert mod.long_("1" * 50) == int("1" * 50)
    with pytest.raises(ValueError):
        mod.long_("x")
    with pytest.raises(OverflowError):
        mod.long_(float("inf"))
    with pytest.raises(TypeError):
        mod.long_(None)

    assert same(mod.float_(3), 3.0)
    assert same(mod.float_("1.5"), 1.5)
    assert same(mod.float_(fractions.Fraction(1, 4)), 0.25)
    assert same(mod.float_(Idx(4)), 4.0)
    with pytest.raises(ValueError):
        mod.float_("x")
    with pytest.raises(OverflowError):
        mod.float_(10**400)


def test_number_check(mod):
    for v in [1, 1.5, 1j, True, fractions.Fraction(1, 2), decimal.Decimal(1), Idx(1)]:
        assert mod.number_check(v) is True, v
    for v in ["1", [], None, b"1", object()]:
        assert mod.number_check(v) is False, v


def test_null_operands(mod):
    with pytest.raises(SystemError, match="HPy_Add"):
        mod.add_null(1)
    with pytest.raises(SystemError, match="HPy_Negative"):
        mod.negative_null()


# ---------------------------------------------------------- C to Python

def test_from_c_values(mod):
    want = [-2**31, 2**31 - 1, -1, 0, 2**32 - 1, -2**63, 2**63 - 1, 2**64 - 1,
            2**64 - 1, 0, 2**63 - 1, -2**63, 1.5, -0.0, True, False, 0, 256]
    got = [mod.from_c(i) for i in range(len(want))]
    for g, w in zip(got, want):
        assert same(g, w), (g, w)
    assert math.copysign(1, got[13]) == -1  # -0.0 keeps its sign
    assert got[14] is True and got[15] is False


def test_bool_from_bool(mod):
    for v in [0, 1, "", "x", [], None]:
        assert mod.bool_from_bool(v) is bool(v)


# ---------------------------------------------------------- Python to C

# (function, smallest accepted, largest accepted, accepts __index__ objects)
RANGES = [
    ("as_int32", -2**31, 2**31 - 1, True),
    ("as_uint32", 0, 2**32 - 1, False),
    ("as_int64", -2**63, 2**63 - 1, True),
    ("as_uint64", 0, 2**64 - 1, False),
    ("as_size_t", 0, 2**64 - 1, False),
    ("as_ssize_t", -2**63, 2**63 - 1, False),  # PyLong_AsSsize_t: ints only
]


@pytest.mark.parametrize("name,lo,hi,index_ok", RANGES, ids=[r[0] for r in RANGES])
def test_long_as_boundaries(mod, name, lo, hi, index_ok):
    fn = getattr(mod, name)
    for v in [lo, lo + 1, 0, 1, 12345, hi - 1, hi]:
        if lo <= v <= hi:
            assert same(fn(v), v), (name, v)
    for v in [lo - 1, hi + 1, 2**100, -2**100]:
        with pytest.raises(OverflowError):
            fn(v)
    assert fn(True) == 1
    with pytest.raises(TypeError):
        fn(1.0)
    with pytest.raises(TypeError):
        fn("1")
    if index_ok:
        assert fn(Idx(7)) == 7


def test_long_as_overflow_messages(mod):
    with pytest.raises(OverflowError, match="int32_t"):
        mod.as_int32(2**31)
    with pytest.raises(OverflowError, match="int32_t"):
        mod.as_int32(-2**31 - 1)
    with pytest.raises(OverflowError, match="uint32_t"):
        mod.as_uint32(2**32)
    with pytest.raises(OverflowError, match="negative"):
        mod.as_uint32(-1)
    with pytest.raises(OverflowError, match="negative"):
        mod.as_uint64(-1)


def test_long_as_mask(mod):
    for v in [0, 1, 2**32 - 1, 2**32, 2**32 + 5, -1, -2**31, 2**100 + 7, -(2**70) - 3]:
        assert mod.as_uint32_mask(v) == v % 2**32, v
        assert mod.as_uint64_mask(v) == v % 2**64, v
    assert mod.as_uint64_mask(Idx(-1)) == 2**64 - 1
    with pytest.raises(TypeError):
        mod.as_uint32_mask(1.0)


def test_long_as_double(mod):
    for v in [0, 1, -1, 2**53, 2**53 + 1, 2**1000, -(2**1023)]:
        assert same(mod.long_as_double(v), float(v))
    with pytest.raises(OverflowError):
        mod.long_as_double(2**1024)
    with pytest.raises(TypeError):
        mod.long_as_double(1.5)


def test_float_as_double(mod):
    for v in [0.0, -0.0, 1.5, 1e308, float("inf"), 5e-324]:
        assert same(mod.float_as_double(v), v)
    assert math.isnan(mod.float_as_double(float("nan")))
    assert same(mod.float_as_double(3), 3.0)
    assert same(mod.float_as_double(2**70), float(2**70))
    assert same(mod.float_as_double(fractions.Fraction(1, 8)), 0.125)
    assert same(mod.float_as_double(Idx(9)), 9.0)

    class F(float):
        pass

    assert same(mod.float_as_double(F(2.5)), 2.5)
    with pytest.raises(TypeError):
        mod.float_as_double("1.5")
    with pytest.raises(OverflowError):
        mod.float_as_double(10**400)


def test_long_as_void_ptr(mod):
    for v in [0, 1, 0xDEADBEEF, 2**63, 2**64 - 1]:
        assert mod.as_void_ptr(v) == v
    with pytest.raises(OverflowError):
        mod.as_void_ptr(2**64)


def test_error_return_values(mod):
    """A failing conversion returns the documented C error value."""
    assert mod.raw_error_value(0, 2**40) == -1
    assert mod.raw_error_value(1, 2**40) == 2**32 - 1
    assert mod.raw_error_value(2, 2**64) == -1
    assert mod.raw_error_value(3, -1) == 2**64 - 1
    assert mod.raw_error_value(4, -1) == 2**64 - 1
    assert mod.raw_error_value(5, 2**64) == -1
    assert mod.raw_error_value(6, 2**1024) == -1.0
    assert mod.raw_error_value(7, "x") == -1.0
