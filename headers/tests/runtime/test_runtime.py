"""Behavioural tests of Hilt's helper runtime (headers/src/runtime/*.c).

The runtime is compiled into the test module runtime_ext
(headers/tests/runtime/runtime_ext.c). Environment:

  HILT_RUNTIME_EXT     path of the built runtime_ext .hpy0.so (required)
  HILT_RUNTIME_LOADER  module providing load(name, path, spec, ...); default
                       "hpy.universal" (HPy 0.9's own loader, debug=True for
                       debug mode); any other loader gets mode="debug" etc.
  HILT_RUNTIME_MODES   comma-separated loader modes: "universal" and/or
                       "debug"; default "universal,debug". In debug mode each
                       test also fails if the runtime leaks a handle.

Where CPython has an equivalent (the % operator, Py_BuildValue through
ctypes, _testcapi's getargs_* functions), results are compared with it.
"""
import ctypes
import importlib
import importlib.util
import os
import shutil
import struct
import sys

import pytest

EXT_PATH = os.environ.get("HILT_RUNTIME_EXT")
if not EXT_PATH:
    raise RuntimeError("set HILT_RUNTIME_EXT to the path of the built runtime_ext .hpy0.so")
LOADER = os.environ.get("HILT_RUNTIME_LOADER", "hpy.universal")
MODES = [m for m in os.environ.get("HILT_RUNTIME_MODES", "universal,debug").split(",") if m]

try:
    import _testcapi as capi
except ImportError:  # not every interpreter ships it
    capi = None

LONG_BITS = struct.calcsize("l") * 8
SSIZE_BITS = struct.calcsize("n") * 8


@pytest.fixture(scope="module", params=MODES)
def mod(request, tmp_path_factory):
    mode = request.param
    # one copy of the file per mode: a shared library is mapped only once per
    # path, and each load installs its own context in it
    path = tmp_path_factory.mktemp(mode) / os.path.basename(EXT_PATH)
    shutil.copy(EXT_PATH, path)
    loader = importlib.import_module(LOADER)
    spec = importlib.util.spec_from_file_location("runtime_ext", str(path))
    if mode == "universal":
        m = loader.load("runtime_ext", str(path), spec)
    elif LOADER == "hpy.universal":
        m = loader.load("runtime_ext", str(path), spec, debug=(mode == "debug"))
    else:
        m = loader.load("runtime_ext", str(path), spec, mode=mode)  # hilt.load
    m.mode = mode
    return m


@pytest.fixture(autouse=True)
def no_leaks(request):
    """In debug mode, fail a test whose calls leave handles open."""
    if "mod" not in request.fixturenames:
        yield
        return
    m = request.getfixturevalue("mod")
    if m.mode != "debug" or LOADER != "hpy.universal":
        yield
        return
    from hpy.debug import LeakDetector
    with LeakDetector():
        yield


# ---------------------------------------------------------------------------
# argument parsing

def call_pos(m, fmt, v):
    return m.pos_one(fmt, v)


def call_kw(m, fmt, v):
    return m.kw_one(fmt, v=v)


def call_kw_positionally(m, fmt, v):
    return m.kw_one(fmt, v)


def call_dict(m, fmt, v):
    return m.dict_one(fmt, v=v)


CALLERS = {
    "pos": (call_pos, "argument 1"),
    "kw": (call_kw, "argument 'v'"),
    "kwpos": (call_kw_positionally, "argument 'v'"),
    "dict": (call_dict, "argument 'v'"),
}


@pytest.fixture(params=sorted(CALLERS))
def caller(request):
    return CALLERS[request.param]


def wrap(v, bits, signed):
    v &= (1 << bits) - 1
    if signed and v >> (bits - 1):
        v -= 1 << bits
    return v


INT_VALUES = [0, 1, -1, 127, 128, 255, 256, -129, 2**15 - 1, -2**15, 2**15, 2**16 + 3,
              2**31 - 1, -2**31, 2**31, 2**32 + 5, 2**63 - 1, -2**63, 2**64 - 1, 2**70 + 9]

# unit -> (bits, signed); masking units reduce any int modulo 2**bits
MASK_UNITS = {"B": 8, "H": 16, "I": 32, "k": LONG_BITS, "K": 64}
RANGE_UNITS = {"b": (0, 255), "h": (-2**15, 2**15 - 1), "i": (-2**31, 2**31 - 1),
               "l": (-2**(LONG_BITS - 1), 2**(LONG_BITS - 1) - 1),
               "L": (-2**63, 2**63 - 1),
               "n": (-2**(SSIZE_BITS - 1), 2**(SSIZE_BITS - 1) - 1)}
# the units whose range check is the parser's own (l, L, n overflow in the API)
OWN_RANGE_MESSAGES = {
    "b": ("unsigned byte integer is less than minimum",
          "unsigned byte integer is greater than maximum"),
    "h": ("signed short integer is less than minimum",
          "signed short integer is greater than maximum"),
    "i": ("signed integer is less than minimum", "signed integer is greater than maximum"),
}


@pytest.mark.parametrize("unit", sorted(MASK_UNITS))
def test_masking_integer_units(mod, caller, unit):
    call, _ = caller
    for v in INT_VALUES:
        expected = v & ((1 << MASK_UNITS[unit]) - 1)
        assert call(mod, unit, v) == expected, (unit, v)
        if capi is not None:
            assert getattr(capi, "getargs_" + unit)(v) == expected


@pytest.mark.parametrize("unit", sorted(RANGE_UNITS))
def test_range_checked_integer_units(mod, caller, unit):
    call, label = caller
    lo, hi = RANGE_UNITS[unit]
    for v in INT_VALUES:
        cpy = getattr(capi, "getargs_" + unit, None) if capi is not None else None
        if lo <= v <= hi:
            assert call(mod, unit, v) == v
            if cpy is not None:
                assert cpy(v) == v
            continue
        with pytest.raises(OverflowError) as info:
            call(mod, unit, v)
        fits_long = -2**(LONG_BITS - 1) <= v < 2**(LONG_BITS - 1)
        if unit in OWN_RANGE_MESSAGES and fits_long:
            # beyond a C long the overflow is reported by the API, not the parser
            detail = OWN_RANGE_MESSAGES[unit][v > hi]
            assert str(info.value) == "function %s: %s" % (label, detail)
        if cpy is not None:
            with pytest.raises(OverflowError) as cinfo:
                cpy(v)
            if unit in OWN_RANGE_MESSAGES and fits_long:
                assert str(info.value).endswith(str(cinfo.value))


@pytest.mark.parametrize("unit", list("bBhHiIlkLKn"))
def test_integer_units_reject_non_integers(mod, caller, unit):
    call, _ = caller
    for bad in ("12", 1.5, None):
        with pytest.raises(TypeError):
            call(mod, unit, bad)


def test_n_accepts_index(mod, caller):
    call, _ = caller

    class Idx:
        def __index__(self):
            return 42

    assert call(mod, "n", Idx()) == 42
    if capi is not None:
        assert capi.getargs_n(Idx()) == 42


def test_float_units(mod, caller):
    call, _ = caller
    as_c_float = lambda x: struct.unpack("f", struct.pack("f", x))[0]
    for v in (0.0, 1.5, -2.25, 0.1, 3, 1e300):
        assert call(mod, "d", v) == float(v)
    for v in (0.0, 1.5, 0.1, 3):
        assert call(mod, "f", v) == as_c_float(v)
        if capi is not None:
            assert capi.getargs_f(v) == as_c_float(v)
    for unit in "fd":
        with pytest.raises(TypeError):
            call(mod, unit, "1.5")


def test_p_is_truth_value(mod, caller):
    call, _ = caller
    for v in (0, 1, -1, "", "0", [], [0], None, True, False, 0.0, object()):
        assert call(mod, "p", v) == (1 if v else 0)

    class Broken:
        def __bool__(self):
            raise ZeroDivisionError("no truth here")

    with pytest.raises(ZeroDivisionError):
        call(mod, "p", Broken())


def test_s_and_z(mod, caller):
    call, label = caller
    for unit in "sz":
        assert call(mod, unit, "h\xe9llo \u20ac\U0001F600") == "h\xe9llo \u20ac\U0001F600"
        with pytest.raises(ValueError) as info:
            call(mod, unit, "a\0b")
        assert str(info.value) == "function %s: embedded null character" % label
    assert call(mod, "z", None) is None
    with pytest.raises(TypeError) as info:
        call(mod, "s", b"bytes")
    assert str(info.value) == "function %s must be str, not bytes" % label
    with pytest.raises(TypeError) as info:
        call(mod, "s", None)
    assert str(info.value) == "function %s must be str, not NoneType" % label
    with pytest.raises(TypeError) as info:
        call(mod, "z", 5)
    assert str(info.value) == "function %s must be str or None, not int" % label
    if capi is not None and label == "argument 1":
        # CPython words the same type errors the same way
        with pytest.raises(TypeError) as cinfo:
            capi.getargs_z(5)
        assert str(info.value).endswith(str(cinfo.value))


def test_y_c_and_C(mod, caller):
    call, label = caller
    assert call(mod, "y", b"raw\xff") == b"raw\xff"
    with pytest.raises(ValueError):
        call(mod, "y", b"a\0b")
    with pytest.raises(TypeError) as info:
        call(mod, "y", "text")
    assert str(info.value) == "function %s must be bytes, not str" % label
    assert call(mod, "c", b"x") == b"x"
    for bad in (b"xy", b"", "x", 120):
        with pytest.raises(TypeError):
            call(mod, "c", bad)
    for ch in ("a", "\xe9", "\u20ac", "\U0001F600"):
        assert call(mod, "C", ch) == ord(ch)
        if capi is not None:
            assert capi.getargs_C(ch) == ord(ch)
    with pytest.raises(TypeError) as info:
        call(mod, "C", "ab")
    assert str(info.value) == "function %s must be a unicode character, not str" % label


def test_handle_units(mod, caller):
    call, label = caller
    obj = object()
    assert call(mod, "O", obj) is obj
    assert call(mod, "S", b"abc") == b"abc"
    assert call(mod, "U", "abc") == "abc"
    assert call(mod, "O!", 12345678901234567890) == 12345678901234567890
    assert call(mod, "O!", True) is True  # bool is a subclass of int
    with pytest.raises(TypeError) as info:
        call(mod, "S", "abc")
    assert str(info.value) == "function %s must be bytes, not str" % label
    with pytest.raises(TypeError) as info:
        call(mod, "U", b"abc")
    assert str(info.value) == "function %s must be str, not bytes" % label
    with pytest.raises(TypeError) as info:
        call(mod, "O!", "12")
    assert str(info.value) == "function %s must be int, not str" % label


def test_optional_outputs_stay_untouched(mod):
    for fmt in ("|i", "|d", "|O", "|s"):
        expected = {"i": 7, "d": 7.0, "O": "untouched", "s": "untouched"}[fmt[1]]
        assert mod.pos_one(fmt) == expected
        assert mod.kw_one(fmt) == expected
        assert mod.dict_one(fmt) == expected
    assert mod.kw_one("$i") == 7
    assert mod.kw_one("$i", v=3) == 3


def test_function_name_and_custom_message(mod):
    with pytest.raises(OverflowError) as info:
        mod.pos_one("b:myfunc", 300)
    assert str(info.value) == "myfunc() argument 1: unsigned byte integer is greater than maximum"
    with pytest.raises(TypeError) as info:
        mod.kw_one("s:myfunc", v=1)
    assert str(info.value) == "myfunc() argument 'v' must be str, not int"
    # ';' replaces every message the parser itself raises
    assert mod.add_msg(2, 3) == 5
    with pytest.raises(TypeError) as info:
        mod.add_msg(1)
    assert str(info.value) == "add_msg wants two small ints"
    with pytest.raises(OverflowError) as info:
        mod.add_msg(1, 2**40)
    assert str(info.value) == "add_msg wants two small ints"


def test_positional_argument_counts(mod):
    assert mod.add_anon(2, 3) == 5
    with pytest.raises(TypeError) as info:
        mod.add_anon(1)
    assert str(info.value) == "function takes exactly 2 arguments (1 given)"
    with pytest.raises(TypeError) as info:
        mod.add_anon(1, 2, 3)
    assert str(info.value) == "function takes exactly 2 arguments (3 given)"
    assert mod.pos_demo(1, None) == (1, None, 1.5)
    assert mod.pos_demo(1, "z", 2) == (1, "z", 2.0)
    with pytest.raises(TypeError) as info:
        mod.pos_demo(1)
    assert str(info.value) == "pos_demo() takes at least 2 arguments (1 given)"
    with pytest.raises(TypeError) as info:
        mod.pos_demo(1, "z", 2.0, 4)
    assert str(info.value) == "pos_demo() takes at most 3 arguments (4 given)"
    with pytest.raises(TypeError) as info:
        mod.pos_one("", 1)
    assert str(info.value) == "function takes no arguments (1 given)"


@pytest.fixture(params=["kw_demo", "kwdict_demo"])
def kwfunc(request, mod):
    return getattr(mod, request.param)


def test_keyword_parsing(kwfunc):
    # kw_demo(a, b, /?, c='dflt', *, d=1.5): a positional-only, d keyword-only
    assert kwfunc(1, 2) == (1, 2, "dflt", 1.5)
    assert kwfunc(1, b=[2]) == (1, [2], "dflt", 1.5)
    assert kwfunc(1, 2, "x", d=4) == (1, 2, "x", 4.0)
    assert kwfunc(1, d=0.5, c="y", b=None) == (1, None, "y", 0.5)
    obj = object()
    assert kwfunc(1, obj)[1] is obj


def test_keyword_errors(kwfunc):
    cases = [
        ((), {}, "kw_demo() takes at least 1 positional argument (0 given)"),
        ((), {"b": 2}, "kw_demo() takes at least 1 positional argument (0 given)"),
        ((1,), {}, "kw_demo() missing required argument 'b' (pos 2)"),
        ((1, 2, "c", 4.0), {}, "kw_demo() takes at most 3 positional arguments (4 given)"),
        ((1, 2), {"z": 1}, "kw_demo() got an unexpected keyword argument 'z'"),
        ((1, 2), {"a": 1}, "kw_demo() got an unexpected keyword argument 'a'"),
        ((1, 2), {"b": 3}, "argument for kw_demo() given by name ('b') and position (2)"),
        ((1, 2), {"c": 3}, "kw_demo() argument 'c' must be str, not int"),
    ]
    for args, kwargs, message in cases:
        with pytest.raises(TypeError) as info:
            kwfunc(*args, **kwargs)
        assert str(info.value) == message, (args, kwargs)


def test_keyword_messages_match_cpython():
    if capi is None:
        pytest.skip("_testcapi is not available to compare with")
    # same wording as CPython's getargs for the cases both report alike
    with pytest.raises(TypeError) as cinfo:
        capi.getargs_keyword_only()
    assert str(cinfo.value) == "function missing required argument 'required' (pos 1)"
    with pytest.raises(TypeError) as cinfo:
        capi.getargs_keyword_only(1, required=2)
    assert str(cinfo.value) == "argument for function given by name ('required') and position (1)"


def test_many_keywords(mod):
    assert mod.many_kw() == 0
    assert mod.many_kw(a0=2, a19=1) == 2 * 1 + 1 * 20
    assert mod.many_kw(*range(20)) == sum(i * (i + 1) for i in range(20))
    with pytest.raises(TypeError) as info:
        mod.many_kw(a20=1)
    assert str(info.value) == "function got an unexpected keyword argument 'a20'"


@pytest.mark.parametrize("which", range(6))
def test_parser_misuse_is_a_system_error(mod, which):
    with pytest.raises(SystemError) as info:
        mod.parse_misuse(which)
    assert "HPyArg_Parse" in str(info.value)


# ---------------------------------------------------------------------------
# HPy_BuildValue

def cpython_build(fmt, *args):
    """CPython's own Py_BuildValue (with Py_ssize_t lengths), via ctypes."""
    f = ctypes.pythonapi._Py_BuildValue_SizeT
    f.restype = ctypes.py_object
    return f(fmt, *args)


C = ctypes
BUILD_CASES = {
    "empty": (b"",),
    "blanks": (b" , ",),
    "i": (b"i", -42),
    "paren_i": (b"(i)", -42),
    "ints": (b"bBhHiI", -1, 255, -32768, 65535, -2**31, C.c_uint(2**32 - 1)),
    "longs": (b"lkLKn", C.c_long(-2**(LONG_BITS - 1)), C.c_ulong(2**LONG_BITS - 1),
              C.c_longlong(-2**63), C.c_ulonglong(2**64 - 1), C.c_ssize_t(2**(SSIZE_BITS - 1) - 1)),
    "floats": (b"fd", C.c_double(1.5), C.c_double(-2.25)),
    "chars": (b"cCC", 65, 0x20AC, 0x1F600),
    "strings": (b"szUy", "h\xe9llo".encode(), b"z", b"U", b"by\x01"),
    "null_strings": (b"szUy", None, None, None, None),
    "sized": (b"s#y#z#", b"ab\0cd", C.c_ssize_t(4), b"x\0y", C.c_ssize_t(3), b"abcdef", C.c_ssize_t(2)),
    "nested": (b"[i,(s,d),{s:i}]", 1, b"two", C.c_double(3.0), b"four", 4),
    "dict": (b"{s:i, s:[ii], i:()}", b"a", 1, b"b", 2, 3, 4),
    "empties": (b"()[]{}",),
    "deep": (b"((([i])))", 5),
}


@pytest.mark.parametrize("case", sorted(BUILD_CASES))
def test_build_value_matches_cpython(mod, case):
    expected = cpython_build(*BUILD_CASES[case])
    got = mod.build(case)
    assert got == expected
    assert type(got) is type(expected)


def test_build_value_extras(mod):
    assert mod.build("bools") == (False, True)
    assert mod.build("tabs") == (1, 2)  # tabs are separators, as documented
    obj = object()
    a, b = mod.build("objects", obj)
    assert a is obj and b is obj


@pytest.mark.parametrize("case,exc", [
    ("N", SystemError), ("unknown", SystemError), ("open_paren", SystemError),
    ("close_paren", SystemError), ("mismatch", SystemError), ("odd_dict", SystemError),
    ("null_O", SystemError), ("null_O_with_error", KeyError), ("bad_C", ValueError),
    ("bad_utf8", UnicodeDecodeError),
])
def test_build_value_errors(mod, case, exc):
    with pytest.raises(exc) as info:
        mod.build(case, object())
    if case == "null_O_with_error":
        assert info.value.args == ("earlier failure",)  # the earlier error is kept
    if case == "unknown":
        assert "'q'" in str(info.value)


# ---------------------------------------------------------------------------
# HPyUnicode_FromFormat / HPyErr_Format

INT_SPECS = ["%d", "%i", "%5d", "%-5d|", "%05d", "%.3d", "%8.3d", "%-8.3d|", "%08.3d",
             "%u", "%x", "%X", "%08x", "%-6x|", "%ld", "%li", "%lu", "%lx", "%lld",
             "%lli", "%llu", "%llX", "%zd", "%zi", "%zu", "%zx", "[%3i]"]
INT_FMT_VALUES = [0, 7, -7, 123456, -123456, 2**31 - 1, -2**31]


def c_bits(spec):
    if "ll" in spec:
        return 64
    if "l" in spec:
        return LONG_BITS
    if "z" in spec:
        return SSIZE_BITS
    return 32


@pytest.mark.parametrize("spec", INT_SPECS)
def test_format_integers_like_percent_operator(mod, spec):
    py_spec = spec.replace("ll", "").replace("l", "").replace("z", "")
    unsigned = spec.rstrip("|]")[-1] in "uxX"
    for v in INT_FMT_VALUES:
        # a negative value passed to an unsigned conversion shows its C bits
        pv = v & ((1 << c_bits(spec)) - 1) if unsigned else v
        assert mod.fmt1(spec, v) == py_spec % pv, (spec, v)


def test_format_strings_and_objects(mod):
    text = "h\xe9llo\u20ac"
    for spec in ("%s", "%10s", "%-10s|", "%.3s", "%8.2s"):
        py = spec % text
        assert mod.fmt1(spec.replace("s", "U"), text) == py
        assert mod.fmt1(spec.replace("s", "V"), text) == py
        assert mod.fmt1(spec.replace("s", "S"), text) == py
        assert mod.fmt1(spec.replace("s", "R"), text) == spec % repr(text)
        assert mod.fmt1(spec.replace("s", "A"), text) == spec % ascii(text)
    assert mod.fmt1("%s", text) == text
    assert mod.fmt1("%7s|", text) == "%7s|" % text  # width counts characters
    # %s precision counts bytes and drops a character it would cut in half
    assert mod.fmt1("%.2s", "a\xe9b") == "a"
    assert mod.fmt1("%.3s", "a\xe9b") == "a\xe9"
    assert mod.fmt1("%V", None) == "fallback"
    assert mod.fmt1("%.4V", None) == "fall"
    assert mod.fmt1("%S", [1, "x"]) == str([1, "x"])
    assert mod.fmt1("%R", [1, "x"]) == repr([1, "x"])


def test_format_char_pointer_and_percent(mod):
    for cp in (65, 0xE9, 0x20AC, 0x1F600):
        assert mod.fmt1("%c", cp) == chr(cp)
    assert mod.fmt1("<%c>", 0) == "<\0>"
    with pytest.raises(OverflowError):
        mod.fmt1("%c", 0x110000)
    assert mod.fmt1("%p", 0xBEEF) == "0xbeef"
    assert mod.fmt1("%p", 0) == "0x0"
    assert mod.fmt1("100%%", 0) == "100%"


def test_format_all_in_one(mod):
    got = mod.fmt_demo("\xe9")
    assert got == ("-1 2 3 -4 5 6 -7 8 9 -10 11 12 ff \xe9|s\xe9|\xe9|\xe9|'\xe9'|'\\xe9'|%|0xbeef")


@pytest.mark.parametrize("spec,value,exc", [
    ("%q", 1, SystemError),            # unknown conversion
    ("%ls", "x", SystemError),         # length modifier on a string
    ("%05s", "x", SystemError),        # zero padding a string
    ("%5c", 65, SystemError),          # width on %c
    ("%.2p", 1, SystemError),          # precision on %p
    ("caf\xe9 %d", 1, ValueError),     # non-ASCII format text
    ("%s", None, SystemError),         # NULL char *
    ("%U", ..., SystemError),          # HPy_NULL handle
    ("%U", 42, SystemError),           # %U needs a str
    ("%R", ..., SystemError),
])
def test_format_errors(mod, spec, value, exc):
    with pytest.raises(exc):
        mod.fmt1(spec, value)


def test_err_format(mod):
    with pytest.raises(KeyError) as info:
        mod.err_fmt1(KeyError, "no item %d here", 42)
    assert info.value.args == ("no item 42 here",)
    with pytest.raises(ValueError) as info:
        mod.err_fmt1(ValueError, "bad value %R", "x")
    assert str(info.value) == "bad value 'x'"
    # a broken format reports the formatting problem instead
    with pytest.raises(SystemError):
        mod.err_fmt1(KeyError, "%q", 1)


# ---------------------------------------------------------------------------
# helpers

def test_pack_args_and_keywords(mod):
    assert mod.pack() == (None, None)
    assert mod.pack(1, "two") == ((1, "two"), None)
    assert mod.pack(a=1) == (None, {"a": 1})
    assert mod.pack(1, b=2, a=3) == ((1,), {"b": 2, "a": 3})
    assert list(mod.pack(1, b=2, a=3)[1]) == ["b", "a"]  # call order is kept


def test_add_type(mod):
    assert isinstance(mod.Thing, type)
    assert mod.Thing.__name__ == "Thing"
    assert mod.Thing.__module__ == "runtime_ext"
    assert mod.Thing.__doc__ == "a plain type added by HPyHelpers_AddType"
    assert isinstance(mod.Thing(), mod.Thing)
    assert issubclass(mod.MyInt, int)
    assert mod.MyInt(5) == 5 and isinstance(mod.MyInt(5), mod.MyInt)

    class Namespace:
        pass

    ns = Namespace()
    assert mod.add_type(ns, "T") is True
    assert isinstance(ns.T, type) and ns.T.__name__ == "Thing"
    # the failure is whatever setattr raises; nothing is left half-done
    with pytest.raises(AttributeError):
        setattr(5, "T", 1)
    with pytest.raises(AttributeError):
        mod.add_type(5, "T")


# ---------------------------------------------------------------------------
# struct sequences

def test_struct_sequence_type(mod):
    P = mod.Point
    assert P.__name__ == "Point" and P.__qualname__ == "Point"
    assert P.__module__ == "runtime_ext.sub"
    assert P.__doc__ == "a point with a hidden tag"
    assert issubclass(P, tuple)
    assert P._fields == ("x", "y", "_2")
    assert P.x.__doc__ == "the x coordinate"
    # the same class attributes as CPython's own struct sequences
    import time
    for attr in ("n_fields", "n_sequence_fields", "n_unnamed_fields"):
        assert hasattr(time.struct_time, attr)
    assert (P.n_fields, P.n_sequence_fields, P.n_unnamed_fields) == (3, 3, 1)
    B = mod.Bare
    assert B.__module__ == "builtins"  # a name without a dot, as in CPython
    assert B.__doc__ is None
    assert B.n_fields == 0


def test_struct_sequence_instances(mod):
    p = mod.make_struct(mod.Point, 1, 2.0, "3")
    assert type(p) is mod.Point
    assert p == (1, 2.0, "3") and len(p) == 3
    assert p.x == 1 and p.y == 2.0 and p[2] == "3"
    with pytest.raises(AttributeError):
        p.x = 5  # immutable, like a tuple
    assert mod.make_struct(mod.Bare) == ()
    with pytest.raises(TypeError) as info:
        mod.make_struct(mod.Point, 1)
    assert "exactly 3" in str(info.value)
    with pytest.raises(TypeError):
        mod.make_struct(mod.Bare, 1)
    with pytest.raises(TypeError) as info:
        mod.make_struct(str, "x")
    assert "not a struct sequence type" in str(info.value)
    with pytest.raises(TypeError):
        mod.make_struct(5, 1)


def test_struct_sequence_needs_a_name(mod):
    with pytest.raises(SystemError):
        mod.bad_struct_type()
