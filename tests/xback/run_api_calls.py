"""api_calls.c: HPy_Call, HPy_CallTupleDict and HPy_CallMethod give what
calling the same callable from Python gives, errors included."""
from _check import outcome, show
import api_calls as m


def f(*args, **kw):
    return args, kw


def g(a, b=2, *, c=3):
    return a, b, c


class C:
    def method(self, *args, **kw):
        return "method", args, kw

    @staticmethod
    def static(*args, **kw):
        return "static", args, kw

    @classmethod
    def cls(cls, *args, **kw):
        return cls.__name__, args, kw

    def __call__(self, *args, **kw):
        return "called", args, kw

    def no_args(self):
        return "no args"


CALLABLES = [("f", f), ("g", g), ("C.static", C.static), ("C.cls", C.cls), ("C()", C()),
             ("C().method", C().method), ("len", len), ("max", max), ("sorted", sorted),
             ("dict", dict), ("int", int), ("lambda", lambda *a, **k: (a, k))]
PYTHON_DEFINED = {"f", "g", "C.static", "C.cls", "C()", "C().method", "lambda"}
ARGS = [((), {}), ((1,), {}), ((1, 2), {}), (([3, 1, 2],), {}), ((1,), {"c": 4}), ((), {"a": 1}),
        (([3, 1, 2],), {"reverse": True}), ((1, 2, 3, 4, 5, 6, 7, 8), {"x": 1, "y": 2})]

for name, fn in CALLABLES:
    for args, kw in ARGS:
        expected = outcome(fn, *args, **kw)
        got = [outcome(m.call, fn, *args, **kw), outcome(m.call_tuple_dict, fn, args, kw)]
        if not kw:
            got.append(outcome(m.call_tuple_dict, fn, args, None))
        if not args:
            got.append(outcome(m.call_tuple_dict, fn, None, None if not kw else kw))
        # What a builtin makes of bad arguments is the interpreter's own
        # business (the VM corpus's): for builtins print only whether the
        # extension's calls agree with calling from Python; for Python
        # functions the result or the error's type too.
        shown = expected[:2] if name in PYTHON_DEFINED else "-"
        print(name, args, kw, "->", shown, "same" if all(r == expected for r in got) else ("DIFFERS", got))

show("call_noargs(list)", m.call_noargs, list)
show("call_noargs(f)", m.call_noargs, f)


def boom(*a, **k):
    raise KeyError("inside")


show("call raises", m.call, boom, 1, x=2)
show("call_tuple_dict raises", m.call_tuple_dict, boom, (1,), {"x": 2})
show("call an int", m.call, 42)
show("args not a tuple", m.call_tuple_dict, f, [1], None)
show("kw not a dict", m.call_tuple_dict, f, (), [("a", 1)])
show("callable NULL", m.call_tuple_dict, None, (), None)
show("kwnames not a tuple", m.call_bad_kwnames, f, 1, ["a"])
show("call NULL", m.call_null)

for obj, name, args, kw in [([3, 1, 2], "index", (1,), {}), ("a-b-c", "split", ("-",), {"maxsplit": 1}),
                            ("abc", "upper", (), {}), ({"a": 1}, "get", ("b", 5), {}),
                            (C(), "method", (1, 2), {"k": 3}), (C(), "static", (1,), {"k": 3}),
                            (C, "cls", (1,), {}), ([1], "missing", (), {}), (C(), "no_args", (1,), {})]:
    show(f"call_method {name}", m.call_method, name, obj, *args, **kw)

lst = [1]
show("append", m.call_method, "append", lst, 2)
show("extend", m.call_method, "extend", lst, [3, 4])
print("list now", lst)
show("name not a str", m.call_method, 42, "abc")
show("no receiver", m.call_method_no_receiver, "upper")
seen = []


def target(x, key):
    seen.append(x == key)
    return x


show("call_many", m.call_many, target, "item", 100)
print("seen", len(seen), all(seen))
show("arity noargs 0", m.call_noargs)
show("arity noargs 2", m.call_noargs, 1, 2)
