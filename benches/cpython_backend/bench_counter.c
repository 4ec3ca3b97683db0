/* Brackets a measured loop for callgrind: the benchmark's --instructions
   mode runs each loader under `valgrind --tool=callgrind
   --collect-atstart=no`, and this module switches collection on around one
   operation's loop and dumps the count under the operation's name. Outside
   valgrind the requests are no-ops. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <valgrind/callgrind.h>

static PyObject *count(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    /* count(name, fn, n): run fn() n times with collection on, then dump. */
    const char *name;
    PyObject *fn;
    Py_ssize_t n, i;
    (void)self;
    if (nargs != 3 || !(name = PyUnicode_AsUTF8(args[0])) || (n = PyLong_AsSsize_t(args[2])) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "count(name: str, fn, n: int >= 0) expected");
        return NULL;
    }
    fn = args[1];
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    for (i = 0; i < n; i++) {
        PyObject *r = PyObject_CallNoArgs(fn);
        if (r == NULL) {
            CALLGRIND_TOGGLE_COLLECT;
            return NULL;
        }
        Py_DECREF(r);
    }
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT(name);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {{"count", (PyCFunction)(void (*)(void))count, METH_FASTCALL, NULL}, {NULL}};
static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "bench_counter", NULL, 0, methods};

PyMODINIT_FUNC PyInit_bench_counter(void) { return PyModule_Create(&moduledef); }
