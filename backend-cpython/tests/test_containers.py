"""Tuples, lists, dicts, slices, builders and the tracker, each compared
with what plain Python does."""
import sys

import pytest

N = 1000


@pytest.fixture(scope="module")
def m(load_ext):
    return load_ext("api_containers")


class Item:
    """A fresh object whose reference count only these tests change."""


def test_tuple_from_array(m):
    assert m.tuple_from_args() == ()
    assert m.tuple_from_args(1, "a", None) == (1, "a", None)
    item = Item()
    before = sys.getrefcount(item)
    for _ in range(N):
        t = m.tuple_from_args(item, item)
        assert t[0] is item and t[1] is item
        del t
    assert sys.getrefcount(item) == before


def test_tuple_from_array_with_a_null_item(m):
    with pytest.raises(SystemError, match="HPyTuple_FromArray: an item is HPy_NULL"):
        m.tuple_with_null()


@pytest.mark.parametrize("value, expected", [
    ((), (1, 0, 0)),
    ((1, 2), (1, 0, 0)),
    ([], (0, 1, 0)),
    ({}, (0, 0, 1)),
    ("abc", (0, 0, 0)),
    (42, (0, 0, 0)),
])
def test_checks(m, value, expected):
    assert m.checks(value) == expected


def test_checks_accept_subclasses(m):
    class T(tuple): pass
    class L(list): pass
    class D(dict): pass
    assert m.checks(T()) == (1, 0, 0)
    assert m.checks(L()) == (0, 1, 0)
    assert m.checks(D()) == (0, 0, 1)


def test_checks_of_null_are_false(m):
    assert m.checks_null() == (0, 0, 0)


def test_list_new_is_filled_with_none(m):
    assert m.list_new(0) == []
    assert m.list_new(3) == [None, None, None]
    with pytest.raises(SystemError):
        m.list_new(-1)


def test_list_append_and_insert_match_list_methods(m):
    item = Item()
    before = sys.getrefcount(item)
    mine, ref = [], []
    for i in range(5):
        m.list_append(mine, i)
        ref.append(i)
    for index in (0, 2, -1, 100, -100):
        m.list_insert(mine, index, ("x", index))
        ref.insert(index, ("x", index))
    assert mine == ref
    for _ in range(N):
        lst = []
        m.list_append(lst, item)
        m.list_insert(lst, 0, item)
        del lst
    assert sys.getrefcount(item) == before


def test_list_append_errors(m):
    with pytest.raises(SystemError):
        m.list_append((), 1)
    with pytest.raises(SystemError):
        m.list_insert("abc", 0, 1)
    with pytest.raises(SystemError, match="HPyList_Append: h_list or h_item is HPy_NULL"):
        m.list_append_null([])


def test_dicts(m):
    d = m.dict_new()
    assert d == {} and type(d) is dict
    src = {"a": 1, 2: "b", None: [3]}
    keys = m.dict_keys(src)
    assert keys == list(src.keys()) and type(keys) is list
    copy = m.dict_copy(src)
    assert copy == src and copy is not src
    assert copy[None] is src[None]
    with pytest.raises(SystemError):
        m.dict_keys([1, 2])
    with pytest.raises(SystemError):
        m.dict_copy("abc")


@pytest.mark.parametrize("s", [
    slice(None), slice(1, 5), slice(None, None, -1), slice(-3, None, 2),
    slice(10**30, -10**30, -(10**30)), slice(0, 10, 10**30),
])
def test_slice_unpack_clamps_like_cpython(m, s):
    # What PySlice_Unpack gives: None becomes the extreme for the step's
    # sign, and huge values are clamped to the Py_ssize_t range.
    step = 1 if s.step is None else max(min(s.step, sys.maxsize), -sys.maxsize)
    def clamp(v, default):
        if v is None:
            return default
        return max(min(v, sys.maxsize), -sys.maxsize - 1)
    start = clamp(s.start, 0 if step > 0 else sys.maxsize)
    stop = clamp(s.stop, sys.maxsize if step > 0 else -sys.maxsize - 1)
    assert m.slice_unpack(s) == (start, stop, step)
    # The unpacked values, adjusted to a length, give the same items.
    data = list(range(20))
    assert data[slice(*m.slice_unpack(s))] == data[s]


def test_slice_unpack_errors(m):
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        m.slice_unpack(slice(1, 2, 0))
    with pytest.raises(TypeError, match="HPySlice_Unpack: expected a slice, not 'list'"):
        m.slice_unpack([1, 2])


def test_slice_new(m):
    assert m.slice_new(1, 5, 2) == slice(1, 5, 2)
    assert m.slice_new(None, None, None) == slice(None, None, None)
    assert m.slice_new("a", None, []) == slice("a", None, [])


def test_builders_build(m):
    assert m.list_builder() == []
    assert m.tuple_builder() == ()
    assert m.list_builder(1, "two", None) == [1, "two", None]
    assert m.tuple_builder(1, "two", None) == (1, "two", None)
    assert type(m.list_builder(1)) is list and type(m.tuple_builder(1)) is tuple


def test_builders_do_not_leak(m):
    item = Item()
    before = sys.getrefcount(item)
    for _ in range(N):
        lst = m.list_builder(item, item, item)
        tup = m.tuple_builder(item, item, item)
        assert lst[2] is item and tup[2] is item
        del lst, tup
        m.builders_cancel(item, item)
        assert m.builder_set_twice(Item(), item) == (item,)
    assert sys.getrefcount(item) == before


@pytest.mark.parametrize("which", ["list", "tuple"])
def test_builder_that_cannot_allocate(m, which):
    with pytest.raises(MemoryError):
        m.builder_huge(which, "build")
    assert m.builder_huge(which, "cancel") is None


@pytest.mark.parametrize("is_list, name", [(True, "HPyListBuilder"), (False, "HPyTupleBuilder")])
def test_builder_misuse(m, is_list, name):
    with pytest.raises(SystemError, match=f"{name}_New: negative size"):
        m.builder_negative(is_list)
    with pytest.raises(SystemError, match=f"{name}_Set: index out of range"):
        m.builder_bad_index(is_list)


@pytest.mark.parametrize("size", [0, 1, 3, 2000])
def test_tracker_closes_everything(m, size):
    item = Item()
    before = sys.getrefcount(item)
    for n in (0, 1, 7, 8, 9, 100, 1000):
        m.tracker_dups(item, n, size)
        assert sys.getrefcount(item) == before


def test_tracker_forget_all_closes_nothing(m):
    item = Item()
    before = sys.getrefcount(item)
    for _ in range(N // 10):
        assert m.tracker_forget(item, 40) == 40
    assert sys.getrefcount(item) == before


def test_tracker_documented_pattern(m):
    assert m.tracker_squares(50) == {i: i * i for i in range(50)}
    with pytest.raises(TypeError):
        m.tracker_squares("x")
