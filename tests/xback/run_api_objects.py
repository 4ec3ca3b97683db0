"""api_objects.c (built for ABI minor 1): the generic object API (handles,
types, repr/str/ascii, comparison, hash, attributes, items, slices,
iteration, NULL handles), next to what plain Python gives. Hash values and
type names of builtin iterators are the interpreter's own: only their
agreement with Python is printed."""
from _check import outcome, show, show_type
import api_objects as m


class Attrs:
    cls_attr = "c"

    def __init__(self):
        self.x = 1

    @property
    def broken(self):
        raise ValueError("broken property")


class Echo:
    def __len__(self):
        return 10

    def __getitem__(self, key):
        return key


class BadRepr:
    def __repr__(self):
        raise ValueError("no repr")


class WeirdEq:
    def __eq__(self, other):
        return [1]

    def __lt__(self, other):
        return []


def brief(r):
    return repr(r[1]) if r[0] == "ok" else "!" + r[1]


VALUES = [0, 1, -1, 2**100, 0.0, 1.5, "", "abc", b"", b"x", [], [0], (), (1,), {}, {1: 2}, None, True, False,
          set(), frozenset([1]), range(3)]
print("dup", all(m.dup(v) is v for v in VALUES), m.dup_close(VALUES[7]) is VALUES[7])
a = []
print("is", m.is_(a, a), m.is_([], []), m.is_(None, None))
print("is_true", [m.is_true(v) for v in VALUES])


class B:
    def __bool__(self):
        raise ZeroDivisionError("nope")


show("is_true raises", m.is_true, B())
print("type", all(m.type(v) is type(v) for v in VALUES + [Attrs(), int]))
print("type_check", m.type_check(True, int), m.type_check(1, bool), m.type_check(Attrs(), object),
      m.type_check("s", str), m.type_check([], tuple))
print("type_issubtype", m.type_issubtype(bool, int), m.type_issubtype(int, bool), m.type_issubtype(int, int),
      m.type_issubtype(3, int))


class Local:
    class Inner:
        pass


print("type_getname", [m.type_getname(t) for t in [int, str, bool, type, object, list, dict, float, bytes,
                                                   Attrs, Local, Local.Inner, ValueError, type(m)]])


class Before:
    pass


Before.__name__ = "Aftér"
print("renamed", m.type_getname(Before))
for v in VALUES + ["é€😀"]:
    print("repr/str/ascii", m.repr(v), m.str(v), m.ascii(v), m.repr(v) == repr(v) and m.str(v) == str(v) and m.ascii(v) == ascii(v))
show("repr raises", m.repr, BadRepr())
show("str raises", m.str, BadRepr())


class Bt:
    def __bytes__(self):
        return b"custom"


print("bytes", [brief(outcome(m.bytes_, v)) for v in [b"xy", [1, 2, 255], Bt(), 3, "str"]])
OPS = [lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a == b, lambda a, b: a != b, lambda a, b: a > b,
       lambda a, b: a >= b]
for x, y in [(1, 2), (2, 2), (3, 2), (2**100, 2**100 + 1), ("a", "b"), ("b", "b"), (1.5, 1), ([1], [1, 2]),
             ((1, 2), (1, 2)), (1, 1.0), (None, None)]:
    row = []
    for op_id, op in enumerate(OPS):
        want = brief(outcome(op, x, y))
        got = brief(outcome(m.richcompare, x, y, op_id))
        got_bool = brief(outcome(m.richcomparebool, x, y, op_id))
        row.append(got + "/" + got_bool + ("" if got == want else " (python: %s)" % want))
    print("richcompare", repr(x), repr(y), row)
w = WeirdEq()
print("weird", m.richcompare(w, 1, 2), m.richcomparebool(w, 1, 2), m.richcompare(w, 1, 0), m.richcomparebool(w, 1, 0))
nan = float("nan")
print("nan", m.richcompare(nan, nan, 2), m.richcomparebool(nan, nan, 2), m.richcomparebool(nan, nan, 3))
show_type("richcompare 1 'a'", m.richcompare, 1, "a", 0)
show_type("richcomparebool 1 'a'", m.richcomparebool, 1, "a", 0)
show("bad op", m.with_null, "RichCompare_badop")
hashables = [0, 1, -1, -2, 2**100, 1.5, "abc", b"abc", (1, 2), None, True, frozenset([1])]
print("hash agrees", [m.hash(v) == hash(v) for v in hashables], [m.hash(v) for v in [0, 1, -1, -2, 2**100, True]])
show("hash unhashable", m.hash, [])
at = Attrs()
print("getattr", m.getattr(at, "x"), m.getattr_s(at, "x"), m.getattr(at, "cls_attr"), m.getattr_s(at, "cls_attr"),
      m.getattr_s(3, "real"))
show("getattr missing", m.getattr, at, "missing")
show("getattr_s missing", m.getattr_s, at, "missing")
show("getattr_s broken", m.getattr_s, at, "broken")
show_type("getattr int name", m.getattr, at, 3)
setattr(at, "ñamé", 7)
print("non-ascii name", m.getattr_s(at, "ñamé"))
for name in ["x", "cls_attr", "missing", "__init__", "broken"]:
    print("hasattr", name, m.hasattr(at, name), m.hasattr_s(at, name))
print("hasattr int name", m.hasattr(at, 3))
print("setattr", m.setattr(at, "y", 5), at.y, m.setattr_s(at, "z", "zz"), at.z, m.setattr_s(at, "ñ", 1), getattr(at, "ñ"))
show_type("setattr int.real", m.setattr, 3, "real", 4)
show_type("setattr object()", m.setattr_s, object(), "x", 4)
d = {"a": 1, 2: "two", (1, 2): "t"}
print("getitem", [m.getitem(d, k) for k in d], m.getitem([1, 2, 3], -1), m.getitem("abc", slice(1, None)))
show("getitem missing", m.getitem, d, "zz")
show_type("getitem int", m.getitem, 3, 0)
for s in [[10, 20, 30], (10, 20, 30), "xyz", range(5, 8), b"abc"]:
    print("getitem_i", repr(s), [m.getitem_i(s, i) for i in range(-len(s), len(s))],
          [brief(outcome(m.getitem_i, s, i)) for i in (len(s), -len(s) - 1, 2**40)],
          all(outcome(m.getitem_i, s, i) == outcome(lambda: s[i]) for i in (len(s), -len(s) - 1, 2**40)))
print("getitem_i int keys", m.getitem_i({5: "five", -1: "m"}, 5), m.getitem_i({-1: "m"}, -1),
      brief(outcome(m.getitem_i, {}, 0)), m.getitem_i(Echo(), -1), type(m.getitem_i(Echo(), 3)).__name__)
d = {"key": 1, "ké": 2}
print("getitem_s", m.getitem_s(d, "key"), m.getitem_s(d, "ké"), m.getitem_s(Echo(), "k"),
      brief(outcome(m.getitem_s, d, "nope")), brief(outcome(m.getitem_s, [1], "a")))
d = {}
print("setitem", m.setitem(d, "a", 1), m.setitem_i(d, 7, "seven"), m.setitem_s(d, "ké", 3), d)
lst = [0, 1, 2]
m.setitem(lst, 0, "a")
m.setitem_i(lst, -1, "z")
m.setitem_i(lst, 1, "m")
print("setitem list", lst, [brief(outcome(f, *args)) for f, args in
                            [(m.setitem, ((1,), 0, 2)), (m.setitem_i, ((1,), 0, 2)), (m.setitem, ({}, [], 1))]])
for i in (3, -4, 2**40):
    def py():
        [0, 1, 2][i] = 9
    print("setitem_i out of range", i, outcome(m.setitem_i, [0, 1, 2], i, 9)[:2], outcome(m.setitem_i, [0, 1, 2], i, 9) == outcome(py))
d = {"a": 1, 5: 2, "ké": 3, "b": 4}
m.delitem(d, "a")
m.delitem_i(d, 5)
m.delitem_s(d, "ké")
print("delitem", d, brief(outcome(m.delitem, d, "a")), brief(outcome(m.delitem_i, d, 5)), brief(outcome(m.delitem_s, d, "ké")))
lst = [0, 1, 2, 3]
m.delitem_i(lst, -1)
m.delitem(lst, 0)
print("delitem list", lst, brief(outcome(m.delitem_i, lst, 5)), brief(outcome(m.delitem_i, (1,), 0)))
print("contains", [m.contains(c, k) for c, k in [([1, 2], 2), ([1, 2], 3), ({"a": 1}, "a"), ({"a": 1}, 1),
                                                 ("abc", "bc"), ("abc", "x"), (range(10), 5), (set(), 1)]],
      [brief(outcome(m.contains, c, k)) for c, k in [(3, 1), ("abc", 1), ({}, [])]])
print("length", [m.length(v) for v in [[], [1, 2], "abc", "é€", {1: 2}, range(7), b"xx", Echo()]],
      brief(outcome(m.length, 3)))
print("callable", [m.callable_check(v) for v in [len, print, int, Attrs, lambda: 0, Attrs().__init__, 3, "s", None, Attrs()]])
for s in [[0, 1, 2, 3, 4], (0, 1, 2, 3, 4), "abcde", b"abcde", range(5)]:
    print("getslice", [m.getslice(s, x, y) for x, y in [(0, 5), (1, 3), (3, 1), (0, 100), (-2, 5), (-100, 2), (2, -1)]])
print("getslice int", brief(outcome(m.getslice, 3, 0, 1)))
lst = [0, 1, 2, 3, 4]
m.setslice(lst, 1, 3, ["a", "b", "c"])
m.setslice(lst, -2, 100, "xy")
print("setslice", lst)
m.delslice(lst, 1, 4)
m.delslice(lst, -1, 100)
print("delslice", lst, [brief(outcome(f, *args)) for f, args in
                        [(m.setslice, ((1, 2), 0, 1, [3])), (m.delslice, ("abc", 0, 1)), (m.setslice, ([1], 0, 1, 5))]])
it = m.getiter([1, 2, 3])
print("iter", type(it) is type(iter([])), [m.iter_next(it, "end") for _ in range(5)])
dd = {"a": 1, "b": 2}
it = m.getiter(dd)
print("dict iter", [m.iter_next(it, None), m.iter_next(it, None), m.iter_next(it, None)])


def gen():
    yield 1
    return "done"


it = gen()
print("generator", m.iter_next(it, None), m.iter_next(it, "end"))


def bad_gen():
    yield 1
    raise KeyError("inside")


it = bad_gen()
print("generator raising", m.iter_next(it, None), outcome(m.iter_next, it, None))
show("iter_next of a list", m.iter_next, [1, 2], None)
show("iter_next of an int", m.iter_next, 3, None)
print("iter_sum", m.iter_sum(range(100)), m.iter_sum([2**70, 1.5]), m.iter_sum(x for x in range(10)), m.iter_sum([]))


def mid_way():
    yield 1
    raise ValueError("mid-way")


show("iter_sum raising", m.iter_sum, mid_way())
show("getiter int", m.getiter, 3)
print("iter_check", [m.iter_check(v) for v in [iter([]), iter({}), (x for x in []), [], {}, "s", 3, range(3), iter(range(3))]])
for name in ["GetAttr", "GetAttr_s", "GetItem", "GetItem_i", "Type", "GetIter", "Iter_Next", "Hash", "IsTrue",
             "Length", "Contains", "SetItem", "SetAttr", "RichCompareBool", "Type_GetName"]:
    show("with_null " + name, m.with_null, name)
show("arity repr", m.repr)
