"""api_runtime.c: importing, compiling and evaluating, context variables
(through the API only), capsules, leaving and re-entering Python execution
on one thread, HPyField and HPyGlobal. Left out (see README.md): the
legacy bridge, threads, the datetime capsule, when a capsule's destructor
runs (GC timing), code object internals."""
from _check import outcome, show
import api_runtime as m

EXPR, FILE, SINGLE = 0, 1, 2
POINTER, NAME, CONTEXT, DESTRUCTOR = 0, 1, 2, 3
mathmod = m.import_module("math")
import math  # noqa: E402
print("import math", mathmod is math, mathmod.sqrt(16.0))
r = outcome(m.import_module, "no_such_module_hilt")
print("import missing", r[1], "no_such_module_hilt" in r[2])
show("import NULL", m.import_module, None)
g = {}
print("eval expr", m.eval_code(m.compile("40 + 2", "f", EXPR), g, None))
print("exec file", m.eval_code(m.compile("a = 1\nb = a + 1\n", "f", FILE), g, None), g["a"], g["b"])
loc = {}
m.eval_code(m.compile("c = len('abc')", "f", FILE), g, loc)
print("locals", loc, "c" in g)
print("eval with locals", m.eval_code(m.compile("a + b", "f", EXPR), g, {"a": 10}))
code = m.compile("z = 3", "<hilt>", SINGLE)
print("single", m.eval_code(code, g, None), g["z"], code.co_filename)
r = outcome(m.compile, "1 +", "bad.py", EXPR)
print("syntax error", r[1])
print("statement as expr", outcome(m.compile, "x = 1", "f", EXPR)[1])
show("bad kind", m.compile, "1", "f", 7)
show("eval 1/0", m.eval_code, m.compile("1/0", "f", EXPR), {}, None)
show("eval a str", m.eval_code, "1", {}, None)
show("globals a list", m.eval_code, m.compile("1", "f", EXPR), [], None)
show("locals an int", m.eval_code, m.compile("1", "f", EXPR), {}, 42)

var = m.contextvar_new("hilt_var", False, None)
print("contextvar", var.name)
print("get unset", outcome(m.contextvar_get, var, False, None)[:2], m.contextvar_get(var, True, "dflt"))
token = m.contextvar_set(var, 1)
print("after set", m.contextvar_get(var, True, "dflt"), token.var is var)
with_default = m.contextvar_new("v2", True, 99)
print("with default", m.contextvar_get(with_default, False, None), m.contextvar_get(with_default, True, 5))
print("errors", outcome(m.contextvar_get, "not a var", False, None)[:2], outcome(m.contextvar_set, 42, 1)[:2])
show("set NULL", m.contextvar_set, var, None)

cap = m.capsule_new(0x1234, "api_runtime.a", None)
print("capsule", type(cap).__name__, m.capsule_get(cap, POINTER, "api_runtime.a"), m.capsule_get(cap, NAME, None),
      m.capsule_get(cap, CONTEXT, None), m.capsule_is_valid(cap, "api_runtime.a"), m.capsule_is_valid(cap, "api_runtime.b"),
      m.capsule_is_valid(42, None))
m.capsule_set(cap, POINTER, 0x5678)
m.capsule_set(cap, CONTEXT, 0x9)
m.capsule_set(cap, NAME, "api_runtime.b")
print("capsule set", m.capsule_get(cap, POINTER, "api_runtime.b"), m.capsule_get(cap, CONTEXT, None),
      m.capsule_get(cap, NAME, None))
unnamed = m.capsule_new(1, None, None)
print("unnamed", m.capsule_get(unnamed, NAME, None), m.capsule_get(unnamed, POINTER, None))
cap = m.capsule_new(0x10, "api_runtime.a", None)
show("wrong name", m.capsule_get, cap, POINTER, "api_runtime.b")
show("null pointer", m.capsule_new, 0, "api_runtime.a", None)
show("set null pointer", m.capsule_set, cap, POINTER, 0)
show("not a capsule", m.capsule_get, "not a capsule", POINTER, None)
show("bad destructor", m.capsule_new, 1, None, "bad")
show("set bad destructor", m.capsule_set, cap, DESTRUCTOR, "bad")
show("get destructor", m.capsule_get, cap, DESTRUCTOR, None)
show("get key 9", m.capsule_get, cap, 9, None)
show("set key -1", m.capsule_set, cap, -1, 1)
m.destructor_log()
cap = m.capsule_new(0xABC, "api_runtime.a", "ok")
print("destructor not yet run", m.destructor_log())

print("sum_outside", m.sum_outside(1000, 1000))


class Item:
    pass


item = Item()
box = m.Box()
print("box empty", box.is_empty())
box.set(item)
print("box set", box.is_empty(), box.get() is item)
box.set(None)
print("box cleared", box.is_empty())
show("box get empty", box.get)
box2 = m.Box(item)
print("box from arg", box2.get() is item)
box2.churn(item, 1000)
print("churn", box2.get() is item)
lst = [item, box2]
box2.set(lst)
print("cycle", box2.get()[1] is box2)
m.global_store(item)
print("global", m.global_load() is item)
for i in range(1000):
    m.global_store(i)
print("global churn", m.global_load())
m.global_store(None)
show("global empty", m.global_load)
