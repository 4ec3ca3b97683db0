"""shapes.c: extension types of every builtin shape (list, dict, float, int,
tuple, str) carrying a payload, and types whose metaclass is an extension
metaclass. (Python classes deriving from them, metaclass= and Python
metaclasses are left out: the VM does not subclass builtins.)"""
from _check import show
import shapes as m

lst = m.TList(7)
print("TList", isinstance(lst, list), lst == [], lst.tag)
lst.extend(range(1000))
print("TList grown", lst.tag, len(lst), lst[-1])
d = m.TDict(-3)
for i in range(100):
    d[str(i)] = i
print("TDict", isinstance(d, dict), d["42"], len(d), d.tag)
f = m.TFloat(5)
print("TFloat", isinstance(f, float), f == 0.0, f.tag)
show("list shape on a dict base", m.make_list_shape_on_dict_base)
for value in [0, 1, -1, 2**30, -(2**62), 2**1000 - 1, -(10**300)]:
    n = m.TLong(value)
    before = n.tag
    n.tag = -7
    print("TLong", isinstance(n, int), before, n == value, n.tag, n + 1 == value + 1)
for size in [0, 1, 2, 7, 100]:
    items = [[i] for i in range(size)]
    t = m.TTuple(items)
    t.tag = 12345
    t.extra = "x"
    print("TTuple", size, list(t) == items, t.tag, t.extra)
s = m.TStr("héllo wörld " * 3)
s.tag = 99
print("TStr", isinstance(s, str), s, s.tag, s.upper())
show("long shape with a member", m.make_long_with_member)
W = m.WithMeta
print("WithMeta", type(W) is m.Meta, isinstance(W, type), W.__name__, W.__module__, W.__doc__, W.tag)
W.tag = 41
print("WithMeta.tag", W.tag)
w = W()
w.value = 21
print("double", w.double(), type(w) is W)
show("double(1)", w.double, 1)
show("WithMeta.double()", W.double)
made = m.make_with_metaclass(m.Meta)
made.tag = 5
print("made", made is not W, type(made) is m.Meta, made.tag)
show("metaclass int", m.make_with_metaclass, int)
show("new_instance of Meta", m.new_instance, m.Meta)
