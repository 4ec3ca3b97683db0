/*
 * hybrid.c -- the hybrid ABI: HPy code that still uses the CPython C API.
 *
 * Built with -DHPY_ABI_HYBRID and Python's include directory; hpy.h then
 * includes Python.h itself.  Covers the legacy bridge (HPy_AsPyObject,
 * HPy_FromPyObject), legacy module methods, and a legacy type (struct
 * starting with PyObject_HEAD, legacy_slots, HPyType_LEGACY_HELPERS).
 * Compile-only, like api_universal.c.
 */
#include "hpy.h"

/* Python.h is available: these are the real CPython types. */
typedef struct {
    PyObject_HEAD
    long value;
} LegacyObject;
HPyType_LEGACY_HELPERS(LegacyObject)

/* An HPy method that round-trips through the legacy bridge. */
HPyDef_METH(roundtrip, "roundtrip", HPyFunc_O, .doc = "HPy -> PyObject -> HPy")
static HPy roundtrip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    PyObject *obj = HPy_AsPyObject(ctx, arg);   /* a new reference */
    HPy result;
    (void)self;
    if (obj == NULL)
        return HPy_NULL;
    result = HPy_FromPyObject(ctx, obj);         /* does not steal */
    Py_DECREF(obj);
    return result;
}

/* A plain CPython method, listed in legacy_methods. */
static PyObject *legacy_add(PyObject *self, PyObject *args)
{
    long a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "ll", &a, &b))
        return NULL;
    return PyLong_FromLong(a + b);
}

static PyMethodDef legacy_methods[] = {
    { "legacy_add", legacy_add, METH_VARARGS, "added by CPython code" },
    { NULL, NULL, 0, NULL }
};

/* A legacy type: CPython slots next to HPy defines. */
static PyObject *legacy_repr(PyObject *self)
{
    return PyUnicode_FromFormat("<Legacy %ld>", ((LegacyObject *)self)->value);
}

static PyType_Slot legacy_slots[] = {
    { Py_tp_repr, (void *)legacy_repr },
    { 0, NULL }
};

HPyDef_MEMBER(legacy_value, "value", HPyMember_LONG,
              offsetof(LegacyObject, value))

HPyDef_GET(legacy_double, "double")
static HPy legacy_double_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromLong(ctx, 2 * LegacyObject_AsStruct(ctx, self)->value);
}

static HPyDef *legacy_defines[] = { &legacy_value, &legacy_double, NULL };

static HPyType_Spec legacy_spec = {
    .name = "hybrid.Legacy",
    .basicsize = sizeof(LegacyObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .builtin_shape = SHAPE(LegacyObject),
    .legacy_slots = legacy_slots,
    .defines = legacy_defines
};

HPyDef_SLOT(hybrid_exec, HPy_mod_exec)
static int hybrid_exec_impl(HPyContext *ctx, HPy module)
{
    /* CPython calls are allowed here too. */
    PyObject *mod = HPy_AsPyObject(ctx, module);
    int rc = PyModule_AddIntConstant(mod, "PY_MINOR", PY_MINOR_VERSION);
    Py_XDECREF(mod);
    if (rc < 0)
        return -1;
    return HPyHelpers_AddType(ctx, module, "Legacy", &legacy_spec, NULL) ? 0 : -1;
}

static HPyDef *module_defines[] = { &roundtrip, &hybrid_exec, NULL };

static HPyModuleDef moduledef = {
    .doc = "hybrid ABI coverage",
    .legacy_methods = legacy_methods,
    .defines = module_defines
};

HPy_MODINIT(hybrid, moduledef)
