"""Importing, compiling and evaluating, context variables, capsules, leaving
and re-entering Python execution, the legacy bridge, fields and globals."""
import contextvars
import datetime
import gc
import sys
import threading

import pytest

EXPR, FILE, SINGLE = 0, 1, 2
POINTER, NAME, CONTEXT, DESTRUCTOR = 0, 1, 2, 3


@pytest.fixture(scope="module")
def m(load_ext):
    return load_ext("api_runtime")


# ------------------------------------------------------------------ import

def test_import_module(m):
    import os.path
    assert m.import_module("os.path") is os.path
    assert m.import_module("json") is __import__("json")
    with pytest.raises(ModuleNotFoundError, match="no_such_module_hilt"):
        m.import_module("no_such_module_hilt")
    with pytest.raises(SystemError, match="HPyImport_ImportModule: utf8_name is NULL"):
        m.import_module(None)


# --------------------------------------------------------- compile and eval

def test_compile_kinds_match_builtin_compile(m):
    for source, kind, mode in [("1 + 2", EXPR, "eval"), ("x = 5\ny = x * 2\n", FILE, "exec"),
                               ("z = 3", SINGLE, "single")]:
        code = m.compile(source, "<hilt>", kind)
        ref = compile(source, "<hilt>", mode)
        assert type(code) is type(ref)
        assert code.co_filename == "<hilt>"
        assert code.co_code == ref.co_code and code.co_consts == ref.co_consts


def test_eval_code(m):
    g = {}
    assert m.eval_code(m.compile("40 + 2", "f", EXPR), g, None) == 42
    assert m.eval_code(m.compile("a = 1\nb = a + 1\n", "f", FILE), g, None) is None
    assert g["a"] == 1 and g["b"] == 2
    loc = {}
    m.eval_code(m.compile("c = len('abc')", "f", FILE), g, loc)
    assert loc == {"c": 3} and "c" not in g
    assert m.eval_code(m.compile("a + b", "f", EXPR), g, {"a": 10}) == 12


def test_compile_errors(m):
    with pytest.raises(SyntaxError) as info:
        m.compile("1 +", "bad.py", EXPR)
    assert info.value.filename == "bad.py"
    with pytest.raises(SyntaxError):
        m.compile("x = 1", "f", EXPR)
    with pytest.raises(SystemError, match=r"HPy_Compile_s: invalid source kind 7"):
        m.compile("1", "f", 7)


def test_eval_code_errors(m):
    code = m.compile("1/0", "f", EXPR)
    with pytest.raises(ZeroDivisionError):
        m.eval_code(code, {}, None)
    with pytest.raises(TypeError, match="HPy_EvalCode: code must be a code object, not 'str'"):
        m.eval_code("1", {}, None)
    with pytest.raises(TypeError, match="HPy_EvalCode: globals must be a dict, not 'list'"):
        m.eval_code(code, [], None)
    with pytest.raises(TypeError, match="HPy_EvalCode: locals must be a mapping"):
        m.eval_code(code, {}, 42)


# -------------------------------------------------------- context variables

def test_contextvar_like_contextvars(m):
    var = m.contextvar_new("hilt_var", False, None)
    assert type(var) is contextvars.ContextVar and var.name == "hilt_var"
    with pytest.raises(LookupError):
        var.get()
    with pytest.raises(LookupError):
        m.contextvar_get(var, False, None)
    assert m.contextvar_get(var, True, "dflt") == var.get("dflt") == "dflt"

    token = m.contextvar_set(var, 1)
    assert type(token) is contextvars.Token and token.var is var
    assert var.get() == 1 and m.contextvar_get(var, True, "dflt") == 1
    var.reset(token)
    with pytest.raises(LookupError):
        m.contextvar_get(var, False, None)

    with_default = m.contextvar_new("v2", True, 99)
    assert with_default.get() == 99 and m.contextvar_get(with_default, False, None) == 99
    assert m.contextvar_get(with_default, True, 5) == 5 == with_default.get(5)


def test_contextvar_is_per_context(m):
    var = m.contextvar_new("per_ctx", True, "outer")

    def inside():
        m.contextvar_set(var, "inner")
        return m.contextvar_get(var, False, None)

    assert contextvars.copy_context().run(inside) == "inner"
    assert m.contextvar_get(var, False, None) == "outer"


def test_contextvar_errors(m):
    with pytest.raises(TypeError):
        m.contextvar_get("not a var", False, None)
    with pytest.raises(TypeError):
        m.contextvar_set(42, 1)
    var = m.contextvar_new("v3", False, None)
    with pytest.raises(SystemError, match="HPyContextVar_Set: context_var and value must not be HPy_NULL"):
        m.contextvar_set(var, None)


# ----------------------------------------------------------------- capsules

def test_capsule_basics(m):
    cap = m.capsule_new(0x1234, "api_runtime.a", None)
    assert type(cap).__name__ == "PyCapsule"
    assert 'capsule object "api_runtime.a"' in repr(cap)
    assert m.capsule_get(cap, POINTER, "api_runtime.a") == 0x1234
    assert m.capsule_get(cap, NAME, None) == "api_runtime.a"
    assert m.capsule_get(cap, CONTEXT, None) == 0
    assert m.capsule_is_valid(cap, "api_runtime.a") == 1
    assert m.capsule_is_valid(cap, "api_runtime.b") == 0
    assert m.capsule_is_valid(42, None) == 0

    m.capsule_set(cap, POINTER, 0x5678)
    m.capsule_set(cap, CONTEXT, 0x9)
    m.capsule_set(cap, NAME, "api_runtime.b")
    assert m.capsule_get(cap, POINTER, "api_runtime.b") == 0x5678
    assert m.capsule_get(cap, CONTEXT, None) == 0x9
    assert m.capsule_get(cap, NAME, None) == "api_runtime.b"

    unnamed = m.capsule_new(1, None, None)
    assert m.capsule_get(unnamed, NAME, None) is None
    assert m.capsule_get(unnamed, POINTER, None) == 1


def test_capsule_errors_match_pycapsule(m):
    cap = m.capsule_new(0x10, "api_runtime.a", None)
    with pytest.raises(ValueError, match="PyCapsule_GetPointer called with incorrect name"):
        m.capsule_get(cap, POINTER, "api_runtime.b")
    with pytest.raises(ValueError, match="PyCapsule_New called with null pointer"):
        m.capsule_new(0, "api_runtime.a", None)
    with pytest.raises(ValueError, match="PyCapsule_SetPointer called with null pointer"):
        m.capsule_set(cap, POINTER, 0)
    with pytest.raises(ValueError, match="invalid PyCapsule object"):
        m.capsule_get("not a capsule", POINTER, None)
    with pytest.raises(ValueError, match="HPyCapsule_New: invalid destructor"):
        m.capsule_new(1, None, "bad")
    with pytest.raises(ValueError, match="HPyCapsule_SetDestructor: invalid destructor"):
        m.capsule_set(cap, DESTRUCTOR, "bad")
    with pytest.raises(ValueError, match="HPyCapsule_key_Destructor"):
        m.capsule_get(cap, DESTRUCTOR, None)
    with pytest.raises(SystemError, match="HPyCapsule_Get: invalid key 9"):
        m.capsule_get(cap, 9, None)
    with pytest.raises(SystemError, match="HPyCapsule_Set: invalid key -1"):
        m.capsule_set(cap, -1, 1)


def test_capsule_of_the_datetime_module(m):
    capi = datetime.datetime_CAPI
    assert m.capsule_is_valid(capi, "datetime.datetime_CAPI") == 1
    assert m.capsule_get(capi, NAME, None) == "datetime.datetime_CAPI"
    assert m.capsule_get(capi, POINTER, "datetime.datetime_CAPI") != 0


def test_capsule_destructor_runs_when_the_capsule_dies(m):
    m.destructor_log()
    cap = m.capsule_new(0xABC, "api_runtime.a", "ok")
    m.capsule_set(cap, CONTEXT, 0x77)
    assert m.destructor_log() == []
    del cap
    gc.collect()
    assert m.destructor_log() == [("api_runtime.a", 0xABC, 0x77)]


def test_capsule_destructor_set_and_removed(m):
    m.destructor_log()
    cap = m.capsule_new(0x1, None, None)
    m.capsule_set(cap, DESTRUCTOR, "ok")
    del cap
    assert m.destructor_log() == [(None, 0x1, 0)]
    cap = m.capsule_new(0x2, None, "ok")
    m.capsule_set(cap, DESTRUCTOR, None)
    del cap
    assert m.destructor_log() == []


def test_many_capsules_run_every_destructor(m):
    m.destructor_log()
    caps = [m.capsule_new(i + 1, "api_runtime.a", "ok") for i in range(50)]
    del caps
    assert sorted(p for _, p, _ in m.destructor_log()) == list(range(1, 51))


# ------------------------------------------------ leaving Python execution

def test_leave_python_execution_releases_the_gil(m):
    """wait_for_flag spins in C without the GIL until set_flag (which needs
    the GIL) runs on another thread; if the GIL were kept, set_flag could not
    run and wait_for_flag would give up after its timeout."""
    result = []
    t = threading.Thread(target=lambda: result.append(m.wait_for_flag(10.0)))
    t.start()
    m.set_flag()
    t.join()
    assert result == [True]


def test_leave_and_reenter_many_times(m):
    n = 1000
    assert m.sum_outside(n, 1000) == 1000 * (n * (n - 1) // 2)
    # Python still works normally afterwards, on this and other threads.
    out = []
    threads = [threading.Thread(target=lambda: out.append(m.sum_outside(100, 10))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [49500] * 4


# ---------------------------------------------------------- legacy bridge

@pytest.mark.universal_only("the test reads a handle as the PyObject * it is in universal mode")
def test_legacy_bridge(m):
    item = object()
    before = sys.getrefcount(item)
    assert m.bridge(item, 1000) is item
    assert sys.getrefcount(item) == before
    assert m.bridge(None, 3) is None


# ------------------------------------------------------------------ fields

class Item:
    pass


def test_field_store_and_load(m):
    item = Item()
    before = sys.getrefcount(item)
    box = m.Box()
    assert box.is_empty()
    box.set(item)
    assert not box.is_empty()
    assert box.get() is item
    assert sys.getrefcount(item) == before + 1
    box.set(item)
    assert sys.getrefcount(item) == before + 1
    box.set(None)
    assert box.is_empty()
    assert sys.getrefcount(item) == before
    with pytest.raises(SystemError, match=r"HPyField_Load: the field is empty"):
        box.get()


def test_field_replaced_and_released_with_its_object(m):
    a, b = Item(), Item()
    ra, rb = sys.getrefcount(a), sys.getrefcount(b)
    box = m.Box(a)
    assert sys.getrefcount(a) == ra + 1
    box.set(b)
    assert sys.getrefcount(a) == ra and sys.getrefcount(b) == rb + 1
    del box
    gc.collect()
    assert sys.getrefcount(b) == rb


def test_field_churn_does_not_leak(m):
    item = Item()
    before = sys.getrefcount(item)
    box = m.Box()
    box.churn(item, 1000)
    assert box.get() is item
    box.set(None)
    assert sys.getrefcount(item) == before


def test_field_cycle_is_collected(m):
    canary = Item()
    before = sys.getrefcount(canary)
    box = m.Box()
    lst = [canary, box]
    box.set(lst)          # box -> lst -> box: a cycle only the GC can free
    del box, lst
    assert sys.getrefcount(canary) == before + 1
    gc.collect()
    assert sys.getrefcount(canary) == before


# ----------------------------------------------------------------- globals

def test_global_store_and_load(m):
    item = Item()
    before = sys.getrefcount(item)
    m.global_store(item)
    assert m.global_load() is item
    assert sys.getrefcount(item) == before + 1
    for _ in range(1000):
        m.global_store(item)
        m.global_load()
    assert sys.getrefcount(item) == before + 1
    m.global_store("other")
    assert sys.getrefcount(item) == before
    assert m.global_load() == "other"
    m.global_store(None)
    with pytest.raises(SystemError, match="HPyGlobal_Load: the global is empty"):
        m.global_load()
