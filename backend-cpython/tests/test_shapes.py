"""Types of the builtin shapes Float, List and Dict."""
import gc

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
