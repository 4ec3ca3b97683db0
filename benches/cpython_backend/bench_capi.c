/* The CPython C-API side of the call benchmark: the baseline every ratio is
   measured against (METH_NOARGS, METH_O, METH_FASTCALL, with KEYWORDS). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    long x;
    long n;
} PointObject;

static PyObject *Point_new(PyTypeObject *cls, PyObject *args, PyObject *kw)
{
    PointObject *p = (PointObject *)cls->tp_alloc(cls, 0);
    (void)args; (void)kw;
    if (p) {
        p->x = 7;
        p->n = 3;
    }
    return (PyObject *)p;
}

static Py_ssize_t Point_len(PyObject *self) { return ((PointObject *)self)->n; }

static PyObject *Point_getitem(PyObject *self, PyObject *key)
{
    (void)self;
    Py_INCREF(key);
    return key;
}

static PyObject *Point_norm(PyObject *self, PyObject *unused)
{
    (void)self; (void)unused;
    Py_RETURN_NONE;
}

static PyMemberDef Point_members[] = {{"x", T_LONG, offsetof(PointObject, x), 0, NULL}, {NULL}};
static PyMethodDef Point_methods[] = {{"norm", Point_norm, METH_NOARGS, NULL}, {NULL}};
static PyType_Slot Point_slots[] = {
    {Py_tp_new, Point_new}, {Py_mp_length, Point_len}, {Py_mp_subscript, Point_getitem},
    {Py_tp_members, Point_members}, {Py_tp_methods, Point_methods}, {0, NULL},
};
static PyType_Spec Point_spec = {"bench_capi.Point", sizeof(PointObject), 0, Py_TPFLAGS_DEFAULT, Point_slots};

static PyObject *noargs(PyObject *self, PyObject *unused) { (void)self; (void)unused; Py_RETURN_NONE; }
static PyObject *onearg(PyObject *self, PyObject *arg) { (void)self; Py_INCREF(arg); return arg; }
static PyObject *varargs(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self; (void)args; (void)nargs;
    Py_RETURN_NONE;
}
static PyObject *keywords(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"noargs", noargs, METH_NOARGS, NULL},
    {"onearg", onearg, METH_O, NULL},
    {"varargs", (PyCFunction)(void (*)(void))varargs, METH_FASTCALL, NULL},
    {"keywords", (PyCFunction)(void (*)(void))keywords, METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL},
};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "bench_capi", NULL, -1, methods};

PyMODINIT_FUNC PyInit_bench_capi(void)
{
    PyObject *m = PyModule_Create(&moduledef);
    PyObject *t;
    if (!m)
        return NULL;
    t = PyType_FromSpec(&Point_spec);
    if (!t || PyModule_AddObject(m, "Point", t) < 0) {
        Py_XDECREF(t);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
