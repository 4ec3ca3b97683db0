"""HPy_CallTupleDict, HPy_Call and HPy_CallMethod give what calling the
same function from Python gives, for every kind of callable."""
import sys

import pytest


@pytest.fixture(scope="module")
def m(load_ext):
    return load_ext("api_calls")


def f(*args, **kw):
    return args, kw


def g(a, b=2, *, c=3):
    return a, b, c


class C:
    def method(self, *args, **kw):
        return self, args, kw

    @staticmethod
    def static(*args, **kw):
        return args, kw

    @classmethod
    def cls(cls, *args, **kw):
        return cls, args, kw

    def __call__(self, *args, **kw):
        return "called", args, kw


CALLABLES = [f, g, C.static, C.cls, C(), C().method, len, max, sorted, dict, int, str.join,
             lambda *a, **k: (a, k)]

ARGS = [
    ((), {}),
    ((1,), {}),
    ((1, 2), {}),
    (([3, 1, 2],), {}),
    ((1,), {"c": 4}),
    ((), {"a": 1}),
    (([3, 1, 2],), {"reverse": True}),
    (("-", ["x", "y"]), {}),
    ((1, 2, 3, 4, 5, 6, 7, 8), {"x": 1, "y": 2}),
    ((5, 7), {"key": abs}),
]


def outcome(fn, *args, **kw):
    """What fn(*args, **kw) gives: ('ok', result) or ('err', type, message)."""
    try:
        return "ok", fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 - comparing any outcome
        return "err", type(e), str(e)


@pytest.mark.parametrize("fn", CALLABLES, ids=lambda c: getattr(c, "__name__", type(c).__name__))
@pytest.mark.parametrize("args, kw", ARGS)
def test_call_matches_python(m, fn, args, kw):
    expected = outcome(fn, *args, **kw)
    assert outcome(m.call, fn, *args, **kw) == expected
    assert outcome(m.call_tuple_dict, fn, args, kw) == expected
    if not kw:
        assert outcome(m.call_tuple_dict, fn, args, None) == expected
    if not args:
        assert outcome(m.call_tuple_dict, fn, None, kw) == expected
        assert outcome(m.call_tuple_dict, fn, None, None) == outcome(fn)


def test_call_with_no_arguments(m):
    assert m.call_noargs(list) == []
    assert m.call_noargs(f) == ((), {})


def test_exceptions_propagate(m):
    def boom(*a, **k):
        raise KeyError("inside")
    with pytest.raises(KeyError, match="inside"):
        m.call(boom, 1, x=2)
    with pytest.raises(KeyError, match="inside"):
        m.call_tuple_dict(boom, (1,), {"x": 2})
    with pytest.raises(TypeError, match="'int' object is not callable"):
        m.call(42)


def test_call_tuple_dict_type_errors(m):
    with pytest.raises(TypeError, match="HPy_CallTupleDict: args must be a tuple or HPy_NULL, not 'list'"):
        m.call_tuple_dict(f, [1], None)
    with pytest.raises(TypeError, match="HPy_CallTupleDict: kw must be a dict or HPy_NULL, not 'list'"):
        m.call_tuple_dict(f, (), [("a", 1)])
    with pytest.raises(SystemError, match="HPy_CallTupleDict: callable is HPy_NULL"):
        m.call_tuple_dict(None, (), None)


def test_call_tuple_dict_subclasses(m):
    class T(tuple): pass
    class D(dict): pass
    assert m.call_tuple_dict(f, T((1, 2)), D(a=1)) == ((1, 2), {"a": 1})


def test_call_errors(m):
    with pytest.raises(TypeError, match="HPy_Call: kwnames must be a tuple of str or HPy_NULL, not 'list'"):
        m.call_bad_kwnames(f, 1, ["a"])
    with pytest.raises(SystemError, match="HPy_Call: callable is HPy_NULL"):
        m.call_null()


@pytest.mark.parametrize("obj, name, args, kw", [
    ([3, 1, 2], "index", (1,), {}),
    ("a-b-c", "split", ("-",), {"maxsplit": 1}),
    ("abc", "upper", (), {}),
    ({"a": 1}, "get", ("b", 5), {}),
    (C(), "method", (1, 2), {"k": 3}),
    (C(), "static", (1,), {"k": 3}),
    (C(), "cls", (), {}),
    (C, "cls", (1,), {}),
    (42, "to_bytes", (2,), {"byteorder": "big"}),
    ([1], "missing", (), {}),
    ("abc", "upper", (1,), {}),
])
def test_call_method_matches_python(m, obj, name, args, kw):
    def py(o, *a, **k):
        return getattr(o, name)(*a, **k)
    expected = outcome(py, obj, *args, **kw)
    got = outcome(m.call_method, name, obj, *args, **kw)
    if expected[0] == "ok" and isinstance(obj, C):
        # The receiver is the same object; compare the rest.
        assert got[0] == "ok" and got[1][1:] == expected[1][1:]
    else:
        assert got == expected


def test_call_method_mutates_receiver(m):
    lst = [1]
    assert m.call_method("append", lst, 2) is None
    assert m.call_method("extend", lst, [3, 4]) is None
    assert lst == [1, 2, 3, 4]
    d = {}
    m.call_method("setdefault", d, "k", [])
    assert d == {"k": []}


def test_call_method_errors(m):
    with pytest.raises(TypeError, match="attribute name must be string"):
        m.call_method(42, "abc")
    with pytest.raises(SystemError, match="HPy_CallMethod: nargs must be at least 1"):
        m.call_method_no_receiver("upper")


def test_calls_do_not_leak(m):
    item = object()
    seen = []

    def target(x, key):
        seen.append(x is item and key is item)
        return x

    before = sys.getrefcount(item)
    m.call_many(target, item, 1000)
    assert sys.getrefcount(item) == before
    assert len(seen) == 2000 and all(seen)
