"""The generic object API (backend-cpython/src/ctx/object.rs), through the
small extension tests/exts/api_objects.c, checked against plain Python."""
import collections
import collections.abc
import operator
import sys

import pytest

MINOR1 = ("-DHILT_TARGET_ABI_MINOR=1",)


@pytest.fixture(scope="module")
def mod(load_ext):
    return load_ext("api_objects", extra_flags=MINOR1)


class Attrs:
    cls_attr = "c"

    def __init__(self):
        self.x = 1

    @property
    def broken(self):
        raise ValueError("broken property")


class Echo:
    """__getitem__ returns its key: shows which key the API passed."""

    def __len__(self):
        return 10

    def __getitem__(self, key):
        return key


class BadRepr:
    def __repr__(self):
        raise ValueError("no repr")


class WeirdEq:
    """__eq__ returns a non-bool object."""

    def __eq__(self, other):
        return [1]  # truthy, not a bool

    def __lt__(self, other):
        return []  # falsy


VALUES = [0, 1, -1, 2**100, 0.0, 1.5, "", "abc", b"", b"x", [], [0], (), (1,),
          {}, {1: 2}, None, True, False, 1j, set(), frozenset([1]), range(3)]


# ---------------------------------------------------------------- handles

def test_dup_returns_same_object(mod):
    for v in VALUES:
        assert mod.dup(v) is v


def test_dup_close_balances_refcounts(mod):
    x = object()
    before = sys.getrefcount(x)
    for _ in range(50):
        r = mod.dup_close(x)
        assert r is x
        del r
    assert sys.getrefcount(x) == before


def test_is(mod):
    a = []
    assert mod.is_(a, a) is True
    assert mod.is_([], []) is False
    assert mod.is_(None, None) is True


def test_is_true(mod):
    for v in VALUES:
        assert mod.is_true(v) == int(bool(v))


def test_is_true_propagates_errors(mod):
    class B:
        def __bool__(self):
            raise ZeroDivisionError("nope")

    with pytest.raises(ZeroDivisionError, match="nope"):
        mod.is_true(B())


# ------------------------------------------------------------------ types

def test_type(mod):
    for v in VALUES + [Attrs(), int]:
        assert mod.type(v) is type(v)


def test_type_check(mod):
    assert mod.type_check(True, int) is True
    assert mod.type_check(1, bool) is False
    assert mod.type_check(Attrs(), object) is True
    assert mod.type_check("s", str) is True
    assert mod.type_check(collections.OrderedDict(), dict) is True
    assert mod.type_check([], tuple) is False


def test_type_issubtype(mod):
    assert mod.type_issubtype(bool, int) is True
    assert mod.type_issubtype(int, bool) is False
    assert mod.type_issubtype(int, int) is True
    assert mod.type_issubtype(collections.OrderedDict, dict) is True
    # Real subtyping only: no __subclasscheck__ (issubclass says True here).
    assert issubclass(list, collections.abc.Sequence)
    assert mod.type_issubtype(list, collections.abc.Sequence) is False
    # A non-type `sub` is not a subtype of anything.
    assert mod.type_issubtype(3, int) is False


def test_type_getname(mod):
    class Local:
        class Inner:
            pass

    for t in [int, str, bool, type, object, list, dict, float, bytes,
              collections.OrderedDict, collections.deque, type(sys.flags),
              type(iter([])), Attrs, Local, Local.Inner, ValueError,
              type(mod)]:
        assert mod.type_getname(t) == t.__name__, t


def test_type_getname_follows_renamed_heap_type(mod):
    class Before:
        pass

    Before.__name__ = "Aftér"
    assert mod.type_getname(Before) == "Aftér"


@pytest.mark.universal_only("HPyType_GetName of a non-type")
def test_type_getname_of_non_type(mod):
    with pytest.raises(TypeError):
        mod.type_getname(3)


# --------------------------------------------------------------- to text

def test_repr_str_ascii(mod):
    for v in VALUES + ["é€😀", Attrs]:
        assert mod.repr(v) == repr(v)
        assert mod.str(v) == str(v)
        assert mod.ascii(v) == ascii(v)


def test_repr_propagates_errors(mod):
    with pytest.raises(ValueError, match="no repr"):
        mod.repr(BadRepr())
    with pytest.raises(ValueError, match="no repr"):
        mod.str(BadRepr())  # str() falls back to __repr__


def test_bytes(mod):
    class B:
        def __bytes__(self):
            return b"custom"

    assert mod.bytes_(b"xy") == b"xy"
    assert mod.bytes_(bytearray(b"ab")) == b"ab"
    assert mod.bytes_([1, 2, 255]) == bytes([1, 2, 255])
    assert mod.bytes_(B()) == b"custom"
    with pytest.raises(TypeError):
        mod.bytes_(3)  # unlike bytes(3), no zero-filled buffer
    with pytest.raises(TypeError):
        mod.bytes_("str")


# ---------------------------------------------------- comparison and hash

OPS = [operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge]
PAIRS = [(1, 2), (2, 2), (3, 2), (2**100, 2**100 + 1), ("a", "b"), ("b", "b"),
         (1.5, 1), ([1], [1, 2]), ((1, 2), (1, 2)), (1, 1.0), (None, None)]


def test_richcompare_matches_operators(mod):
    for a, b in PAIRS:
        for op_id, op in enumerate(OPS):
            try:
                want = op(a, b)
            except TypeError:
                with pytest.raises(TypeError):
                    mod.richcompare(a, b, op_id)
                with pytest.raises(TypeError):
                    mod.richcomparebool(a, b, op_id)
                continue
            assert mod.richcompare(a, b, op_id) == want, (a, b, op)
            assert mod.richcomparebool(a, b, op_id) == int(bool(want)), (a, b, op)


def test_richcompare_returns_the_result_object(mod):
    w = WeirdEq()
    assert mod.richcompare(w, 1, 2) == [1]
    assert mod.richcomparebool(w, 1, 2) == 1
    assert mod.richcompare(w, 1, 0) == []
    assert mod.richcomparebool(w, 1, 0) == 0


def test_richcomparebool_identity_shortcut(mod):
    nan = float("nan")
    assert mod.richcompare(nan, nan, 2) is False
    assert mod.richcomparebool(nan, nan, 2) == 1  # same object: equal
    assert mod.richcomparebool(nan, nan, 3) == 0


def test_richcompare_errors(mod):
    with pytest.raises(TypeError):
        mod.richcompare(1, "a", 0)
    with pytest.raises(TypeError):
        mod.richcomparebool(1, "a", 0)
    with pytest.raises(SystemError, match="HPy_RichCompare"):
        mod.with_null("RichCompare_badop")


def test_hash(mod):
    for v in [0, 1, -1, -2, 2**100, 1.5, "abc", b"abc", (1, 2), None, True, frozenset([1])]:
        assert mod.hash(v) == hash(v)
    with pytest.raises(TypeError, match="unhashable"):
        mod.hash([])


# ------------------------------------------------------------- attributes

def test_getattr(mod):
    a = Attrs()
    assert mod.getattr(a, "x") == 1
    assert mod.getattr_s(a, "x") == 1
    assert mod.getattr(a, "cls_attr") == "c"
    assert mod.getattr_s(a, "cls_attr") == "c"
    assert mod.getattr_s(3, "real") == 3
    with pytest.raises(AttributeError):
        mod.getattr(a, "missing")
    with pytest.raises(AttributeError):
        mod.getattr_s(a, "missing")
    with pytest.raises(ValueError, match="broken property"):
        mod.getattr_s(a, "broken")
    with pytest.raises(TypeError):
        mod.getattr(a, 3)  # names are str


def test_getattr_s_non_ascii_name(mod):
    a = Attrs()
    setattr(a, "ñamé", 7)
    assert mod.getattr_s(a, "ñamé") == 7


def test_hasattr(mod):
    a = Attrs()
    for name in ["x", "cls_attr", "missing", "__init__"]:
        assert mod.hasattr(a, name) == hasattr(a, name)
        assert mod.hasattr_s(a, name) == hasattr(a, name)
    # Like CPython's PyObject_HasAttr (unlike hasattr()), any error in the
    # lookup means "no" and is cleared.
    assert mod.hasattr(a, "broken") is False
    assert mod.hasattr_s(a, "broken") is False
    assert mod.hasattr(a, 3) is False


def test_setattr(mod):
    a = Attrs()
    assert mod.setattr(a, "y", 5) is None
    assert a.y == 5
    assert mod.setattr_s(a, "z", "zz") is None
    assert a.z == "zz"
    assert mod.setattr_s(a, "ñ", 1) is None
    assert getattr(a, "ñ") == 1
    with pytest.raises(AttributeError):
        mod.setattr(3, "real", 4)
    with pytest.raises(AttributeError):
        mod.setattr_s(object(), "x", 4)


# ------------------------------------------------------------------ items

def test_getitem(mod):
    d = {"a": 1, 2: "two", (1, 2): "t"}
    for k in d:
        assert mod.getitem(d, k) == d[k]
    assert mod.getitem([1, 2, 3], -1) == 3
    assert mod.getitem("abc", slice(1, None)) == "bc"
    with pytest.raises(KeyError):
        mod.getitem(d, "zz")
    with pytest.raises(TypeError):
        mod.getitem(3, 0)


def test_getitem_i_sequences(mod):
    seqs = [[10, 20, 30], (10, 20, 30), "xyz", range(5, 8), b"abc",
            collections.deque([1, 2, 3]), type("L", (list,), {})([7, 8, 9])]
    for s in seqs:
        for i in range(-len(s), len(s)):
            assert mod.getitem_i(s, i) == s[i], (s, i)
        for i in (len(s), -len(s) - 1, 2**40):
            with pytest.raises(IndexError) as exc:
                mod.getitem_i(s, i)
            with pytest.raises(IndexError) as want:
                s[i]
            assert str(exc.value) == str(want.value)


def test_getitem_i_uses_an_int_key(mod):
    assert mod.getitem_i({5: "five", -1: "m"}, 5) == "five"
    assert mod.getitem_i({-1: "m"}, -1) == "m"
    with pytest.raises(KeyError):
        mod.getitem_i({}, 0)
    # A negative index reaches __getitem__ unchanged (no len() wrapping).
    assert mod.getitem_i(Echo(), -1) == -1
    assert type(mod.getitem_i(Echo(), 3)) is int


def test_getitem_s(mod):
    d = {"key": 1, "ké": 2}
    assert mod.getitem_s(d, "key") == 1
    assert mod.getitem_s(d, "ké") == 2
    assert mod.getitem_s(Echo(), "k") == "k"
    with pytest.raises(KeyError):
        mod.getitem_s(d, "nope")
    with pytest.raises(TypeError):
        mod.getitem_s([1], "a")


def test_setitem(mod):
    d = {}
    assert mod.setitem(d, "a", 1) is None
    assert mod.setitem_i(d, 7, "seven") is None
    assert mod.setitem_s(d, "ké", 3) is None
    assert d == {"a": 1, 7: "seven", "ké": 3}
    lst = [0, 1, 2]
    mod.setitem(lst, 0, "a")
    mod.setitem_i(lst, -1, "z")
    mod.setitem_i(lst, 1, "m")
    assert lst == ["a", "m", "z"]
    with pytest.raises(TypeError):
        mod.setitem((1,), 0, 2)
    with pytest.raises(TypeError):
        mod.setitem_i((1,), 0, 2)
    with pytest.raises(TypeError):
        mod.setitem({}, [], 1)  # unhashable key


def test_setitem_i_out_of_range(mod):
    for i in (3, -4, 2**40):
        with pytest.raises(IndexError) as exc:
            mod.setitem_i([0, 1, 2], i, 9)
        with pytest.raises(IndexError) as want:
            [0, 1, 2][i] = 9
        assert str(exc.value) == str(want.value)
    ba = bytearray(b"abc")
    mod.setitem_i(ba, -1, ord("Z"))
    assert ba == b"abZ"


def test_setitem_i_refcounts(mod):
    old, new = object(), object()
    lst = [old]
    rc_old, rc_new = sys.getrefcount(old), sys.getrefcount(new)
    mod.setitem_i(lst, 0, new)
    assert lst[0] is new
    assert sys.getrefcount(old) == rc_old - 1
    assert sys.getrefcount(new) == rc_new + 1


def test_delitem(mod):
    d = {"a": 1, 5: 2, "ké": 3, "b": 4}
    mod.delitem(d, "a")
    mod.delitem_i(d, 5)
    mod.delitem_s(d, "ké")
    assert d == {"b": 4}
    with pytest.raises(KeyError):
        mod.delitem(d, "a")
    with pytest.raises(KeyError):
        mod.delitem_i(d, 5)
    with pytest.raises(KeyError):
        mod.delitem_s(d, "ké")
    lst = [0, 1, 2, 3]
    mod.delitem_i(lst, -1)
    mod.delitem(lst, 0)
    assert lst == [1, 2]
    with pytest.raises(IndexError):
        mod.delitem_i(lst, 5)
    with pytest.raises(TypeError):
        mod.delitem_i((1,), 0)


def test_contains(mod):
    cases = [([1, 2], 2), ([1, 2], 3), ({"a": 1}, "a"), ({"a": 1}, 1),
             ("abc", "bc"), ("abc", "x"), (range(10), 5), (set(), 1)]
    for container, key in cases:
        assert mod.contains(container, key) == int(key in container)
    with pytest.raises(TypeError):
        mod.contains(3, 1)
    with pytest.raises(TypeError):
        mod.contains("abc", 1)
    with pytest.raises(TypeError):
        mod.contains({}, [])  # unhashable


def test_length(mod):
    for v in [[], [1, 2], "abc", "é€", {1: 2}, range(7), b"xx", Echo()]:
        assert mod.length(v) == len(v)
    with pytest.raises(TypeError):
        mod.length(3)


def test_callable_check(mod):
    for v in [len, print, int, Attrs, lambda: 0, Attrs().__init__, 3, "s", None, Attrs()]:
        assert mod.callable_check(v) == callable(v)


# ----------------------------------------------------------------- slices

def test_getslice(mod):
    for s in [[0, 1, 2, 3, 4], (0, 1, 2, 3, 4), "abcde", b"abcde", range(5)]:
        for a, b in [(0, 5), (1, 3), (3, 1), (0, 100), (-2, 5), (-100, 2), (2, -1)]:
            assert mod.getslice(s, a, b) == s[a:b], (s, a, b)
    with pytest.raises(TypeError):
        mod.getslice(3, 0, 1)


def test_setslice_and_delslice(mod):
    lst = [0, 1, 2, 3, 4]
    mod.setslice(lst, 1, 3, ["a", "b", "c"])
    assert lst == [0, "a", "b", "c", 3, 4]
    mod.setslice(lst, -2, 100, "xy")
    assert lst == [0, "a", "b", "c", "x", "y"]
    mod.delslice(lst, 1, 4)
    assert lst == [0, "x", "y"]
    mod.delslice(lst, -1, 100)
    assert lst == [0, "x"]
    with pytest.raises(TypeError):
        mod.setslice((1, 2), 0, 1, [3])
    with pytest.raises(TypeError):
        mod.delslice("abc", 0, 1)
    with pytest.raises(TypeError):
        mod.setslice([1], 0, 1, 5)  # not iterable


# -------------------------------------------------------------- iteration

def test_getiter_and_iter_next(mod):
    sentinel = object()
    it = mod.getiter([1, 2, 3])
    assert type(it) is type(iter([]))
    assert [mod.iter_next(it, sentinel) for _ in range(3)] == [1, 2, 3]
    # Exhaustion: HPy_NULL without an exception, repeatedly.
    assert mod.iter_next(it, sentinel) is sentinel
    assert mod.iter_next(it, sentinel) is sentinel
    d = {"a": 1, "b": 2}
    it = mod.getiter(d)
    assert [mod.iter_next(it, None), mod.iter_next(it, None)] == list(d)


def test_iter_next_generator(mod):
    def gen():
        yield 1
        return "done"  # StopIteration("done") is swallowed

    it = gen()
    assert mod.iter_next(it, None) == 1
    assert mod.iter_next(it, "end") == "end"


def test_iter_next_propagates_errors(mod):
    def gen():
        yield 1
        raise KeyError("inside")

    it = gen()
    assert mod.iter_next(it, None) == 1
    with pytest.raises(KeyError, match="inside"):
        mod.iter_next(it, None)


def test_iter_next_on_non_iterator(mod):
    with pytest.raises(TypeError, match="not an iterator"):
        mod.iter_next([1, 2], None)
    with pytest.raises(TypeError, match="not an iterator"):
        mod.iter_next(3, None)


def test_iter_sum(mod):
    assert mod.iter_sum(range(100)) == sum(range(100))
    assert mod.iter_sum([2**70, 1.5]) == 2**70 + 1.5
    assert mod.iter_sum(x for x in range(10)) == 45
    assert mod.iter_sum([]) == 0

    def gen():
        yield 1
        raise ValueError("mid-way")

    with pytest.raises(ValueError, match="mid-way"):
        mod.iter_sum(gen())


def test_getiter_errors(mod):
    with pytest.raises(TypeError, match="not iterable"):
        mod.getiter(3)


def test_iter_check(mod):
    for v in [iter([]), iter({}), (x for x in []), [], {}, "s", 3, range(3), iter(range(3))]:
        assert mod.iter_check(v) == isinstance(v, collections.abc.Iterator), v


# -------------------------------------------------------------- debugging

def test_dump(mod, capfd):
    mod.dump([1, "two"])
    err = capfd.readouterr().err
    assert "list" in err
    assert "[1, 'two']" in err
    assert "refcount" in err


def test_dump_with_failing_repr_keeps_no_error(mod, capfd):
    assert mod.dump(BadRepr()) is None
    err = capfd.readouterr().err
    assert "BadRepr" in err


# -------------------------------------------------------------- null handles

@pytest.mark.parametrize("name", [
    "GetAttr", "GetAttr_s", "GetItem", "GetItem_i", "Type", "GetIter",
    "Iter_Next", "Hash", "IsTrue", "Length", "Contains", "SetItem",
    "SetAttr", "RichCompareBool", "Type_GetName",
])
def test_null_handle_raises_system_error(mod, name):
    with pytest.raises(SystemError):
        mod.with_null(name)


def test_null_handle_messages_name_the_function(mod):
    with pytest.raises(SystemError, match="HPy_GetAttr"):
        mod.with_null("GetAttr")
    with pytest.raises(SystemError, match="HPy_Hash"):
        mod.with_null("Hash")


@pytest.mark.universal_only("HPy_TypeCheck with None as the type")
def test_null_handle_harmless_cases(mod, capfd):
    assert mod.with_null("Repr") == "<NULL>"
    assert mod.with_null("predicates") == 0
    assert mod.with_null("Dump") is None
    assert "HPy_NULL" in capfd.readouterr().err


# ---------------------------------------------------------------- refcounts

def test_no_reference_leaks(mod):
    item = object()

    class Holder:
        attr = item

    lst, tup, d = [item], (item,), {"k": item, 0: item}
    calls = [
        lambda: mod.getitem_i(lst, 0), lambda: mod.getitem_i(tup, -1),
        lambda: mod.getitem_i(d, 0), lambda: mod.getitem_s(d, "k"),
        lambda: mod.getitem(d, "k"), lambda: mod.getattr_s(Holder, "attr"),
        lambda: mod.getattr(Holder, "attr"), lambda: mod.iter_next(iter(lst), None),
        lambda: mod.getslice(lst, 0, 1), lambda: mod.contains(lst, item),
        lambda: mod.setitem_s({}, "k", item), lambda: mod.setitem_i([0], 0, item),
        lambda: mod.richcomparebool(item, item, 2), lambda: mod.dup(item),
        lambda: mod.type(item), lambda: mod.is_true(item),
    ]
    for call in calls:
        call()  # warm up caches (interned strings, small ints)
    before = sys.getrefcount(item), sys.getrefcount(type(item))
    for call in calls:
        for _ in range(100):
            call()
    assert (sys.getrefcount(item), sys.getrefcount(type(item))) == before
