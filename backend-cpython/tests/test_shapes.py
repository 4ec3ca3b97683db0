"""Types of every builtin shape, and types with a metaclass."""
import gc
import sys
import weakref

import pytest


def test_list_shape_instances_are_lists_with_a_payload(load_ext):
    mod = load_ext("shapes")
    lst = mod.TList(7)
    assert isinstance(lst, list) and lst == [] and lst.tag == 7
    lst.extend(range(1000))  # grows the list storage; the payload must survive
    assert lst.tag == 7 and len(lst) == 1000 and lst[-1] == 999


def test_dict_shape_instances_are_dicts_with_a_payload(load_ext):
    mod = load_ext("shapes")
    d = mod.TDict(-3)
    for i in range(100):
        d[str(i)] = i
    assert isinstance(d, dict) and d["42"] == 42 and len(d) == 100 and d.tag == -3


def test_float_shape_instances_are_floats_with_a_payload(load_ext):
    mod = load_ext("shapes")
    f = mod.TFloat(5)
    assert isinstance(f, float) and f == 0.0 and f.tag == 5


def test_python_subclasses_keep_the_payload(load_ext):
    mod = load_ext("shapes")

    class MyList(mod.TList):
        pass

    m = MyList(11)
    m.append(1)
    assert m.tag == 11 and m == [1]
    del m
    gc.collect()


def test_a_base_not_deriving_from_the_shape_is_refused(load_ext):
    mod = load_ext("shapes")
    with pytest.raises(TypeError, match="builtin shape List but no base derives from 'list'"):
        mod.make_list_shape_on_dict_base()


@pytest.mark.parametrize("value", [0, 1, -1, 2**30, -(2**62), 2**1000 - 1, -(10**300)])
def test_long_shape_payload_follows_the_digits(load_ext, value):
    mod = load_ext("shapes")
    n = mod.TLong(value)
    assert isinstance(n, int) and n.tag == 0
    n.tag = -7
    # The payload sits after the digits: writing it changed no digit.
    assert n == value and n.tag == -7 and n + 1 == value + 1


@pytest.mark.parametrize("size", [0, 1, 2, 7, 100])
def test_tuple_shape_payload_follows_the_items(load_ext, size):
    mod = load_ext("shapes")
    items = [object() for _ in range(size)]
    t = mod.TTuple(items)
    t.tag = 12345
    t.extra = "x"
    assert list(t) == items and t.tag == 12345 and t.extra == "x"


def test_tuple_shape_releases_items_and_field(load_ext):
    mod = load_ext("shapes")
    item, extra = object(), object()
    before = sys.getrefcount(item), sys.getrefcount(extra)
    t = mod.TTuple([item, item])
    t.extra = extra
    del t
    assert (sys.getrefcount(item), sys.getrefcount(extra)) == before


def test_tuple_shape_cycles_through_items_are_collected(load_ext):
    """The HPy tp_traverse replaces tuple's own: the items must still be seen."""
    mod = load_ext("shapes")

    class Box:
        pass

    b = Box()
    t = mod.TTuple([b])
    b.t = t
    ref = weakref.ref(b)
    del b, t
    gc.collect()
    assert ref() is None


def test_unicode_shape_instances_are_strs_with_a_payload(load_ext):
    mod = load_ext("shapes")
    s = mod.TStr("héllo wörld " * 10)
    s.tag = 99
    assert isinstance(s, str) and s == "héllo wörld " * 10 and s.tag == 99
    assert s.upper().startswith("HÉLLO")


def test_var_sized_shape_members_are_refused(load_ext):
    mod = load_ext("shapes")
    with pytest.raises(TypeError, match="of builtin shape Long has a member.*HPyDef_GET"):
        mod.make_long_with_member()


def test_metaclass_parameter_makes_a_type_of_that_metaclass(load_ext):
    mod = load_ext("shapes")
    W = mod.WithMeta
    assert type(W) is mod.Meta and isinstance(W, type)
    assert W.__name__ == "WithMeta" and W.__module__ == "shapes"
    assert W.__doc__ == "a type whose metaclass is shapes.Meta"
    assert W.tag == 0
    W.tag = 41
    assert W.tag == 41
    w = W()
    w.value = 21
    assert w.double() == 42 and type(w) is W


def test_type_shape_payload_leaves_room_for_slots(load_ext):
    mod = load_ext("shapes")

    class C(metaclass=mod.Meta):
        __slots__ = ("a", "b")

    C.tag = 3
    c = C()
    c.a, c.b = "first", "second"
    assert (c.a, c.b, C.tag) == ("first", "second", 3)
    assert type(C) is mod.Meta


def test_types_with_a_metaclass_die_cleanly(load_ext):
    mod = load_ext("shapes")
    made = mod.make_with_metaclass(mod.Meta)
    ref = weakref.ref(made)
    assert made is not mod.WithMeta and type(made) is mod.Meta
    made.tag = 5
    del made
    gc.collect()
    assert ref() is None


def test_a_python_metaclass_works_too(load_ext):
    mod = load_ext("shapes")

    class PyMeta(type):
        def describe(cls):
            return "made by PyMeta: " + cls.__name__

    made = mod.make_with_metaclass(PyMeta)
    assert type(made) is PyMeta and made.describe() == "made by PyMeta: WithMeta"


def test_bad_metaclasses_are_refused(load_ext):
    mod = load_ext("shapes")
    with pytest.raises(TypeError, match="Metaclass parameter that is not a subclass of 'type'"):
        mod.make_with_metaclass(int)

    class CustomNew(type):
        def __new__(mcls, *args):
            return super().__new__(mcls, *args)

    with pytest.raises(TypeError, match="metaclass 'CustomNew' with its own tp_new"):
        mod.make_with_metaclass(CustomNew)


def test_hpy_new_of_a_metaclass_is_refused(load_ext):
    mod = load_ext("shapes")
    with pytest.raises(TypeError, match="HPy_New: 'shapes.Meta' is a metaclass"):
        mod.new_instance(mod.Meta)
