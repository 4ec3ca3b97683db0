/* Importing, compiling and evaluating code, context variables, capsules,
   leaving and re-entering Python execution, the legacy bridge, HPyField and
   HPyGlobal; driven by test_runtime.py. */
#include "hpy.h"
#include <stdint.h>
#include <string.h>
#include <time.h>

/* HPy_NULL when `h` is None, else `h` (borrowed either way). */
static HPy none_to_null(HPyContext *ctx, HPy h)
{
    return HPy_Is(ctx, h, ctx->h_None) ? HPy_NULL : h;
}

/* The UTF-8 text of `h`, or NULL when `h` is None (or on error). */
static const char *text_or_null(HPyContext *ctx, HPy h)
{
    if (HPy_Is(ctx, h, ctx->h_None))
        return NULL;
    return HPyUnicode_AsUTF8AndSize(ctx, h, NULL);
}

static HPy pointer_to_long(HPyContext *ctx, void *p)
{
    return HPyLong_FromSize_t(ctx, (size_t)(uintptr_t)p);
}

static HPy wrong_args(HPyContext *ctx, const char *usage)
{
    HPyErr_SetString(ctx, ctx->h_TypeError, usage);
    return HPy_NULL;
}

/* ---- import, compile, eval --------------------------------------------- */

HPyDef_METH(rt_import_module, "import_module", HPyFunc_O)
static HPy rt_import_module_impl(HPyContext *ctx, HPy self, HPy name)
{
    const char *s = text_or_null(ctx, name);
    (void)self;
    if (s == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyImport_ImportModule(ctx, s);
}

/* compile(source, filename, kind) with kind an int (HPy_SourceKind) */
HPyDef_METH(rt_compile, "compile", HPyFunc_VARARGS)
static HPy rt_compile_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *source, *filename;
    long kind;
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "compile(source, filename, kind)");
    source = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    filename = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    kind = HPyLong_AsLong(ctx, args[2]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPy_Compile_s(ctx, source, filename, (HPy_SourceKind)kind);
}

/* eval_code(code, globals, locals or None) */
HPyDef_METH(rt_eval_code, "eval_code", HPyFunc_VARARGS)
static HPy rt_eval_code_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "eval_code(code, globals, locals)");
    return HPy_EvalCode(ctx, args[0], args[1], none_to_null(ctx, args[2]));
}

/* ---- context variables ------------------------------------------------- */

/* contextvar_new(name, has_default, default) */
HPyDef_METH(rt_contextvar_new, "contextvar_new", HPyFunc_VARARGS)
static HPy rt_contextvar_new_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name;
    int has_default;
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "contextvar_new(name, has_default, default)");
    name = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    has_default = HPy_IsTrue(ctx, args[1]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyContextVar_New(ctx, name, has_default ? args[2] : HPy_NULL);
}

/* contextvar_get(var, has_default, default): the value, or LookupError
   raised here when HPyContextVar_Get finds none. */
HPyDef_METH(rt_contextvar_get, "contextvar_get", HPyFunc_VARARGS)
static HPy rt_contextvar_get_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy result = ctx->h_None;   /* must be overwritten */
    int has_default;
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "contextvar_get(var, has_default, default)");
    has_default = HPy_IsTrue(ctx, args[1]);
    if (has_default < 0)
        return HPy_NULL;
    if (HPyContextVar_Get(ctx, args[0], has_default ? args[2] : HPy_NULL, &result) < 0) {
        if (!HPy_IsNull(result)) {
            HPyErr_SetString(ctx, ctx->h_AssertionError, "result not HPy_NULL after an error");
        }
        return HPy_NULL;
    }
    if (HPy_IsNull(result)) {
        HPyErr_SetString(ctx, ctx->h_LookupError, "no value");
        return HPy_NULL;
    }
    return result;
}

HPyDef_METH(rt_contextvar_set, "contextvar_set", HPyFunc_VARARGS)
static HPy rt_contextvar_set_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2)
        return wrong_args(ctx, "contextvar_set(var, value)");
    return HPyContextVar_Set(ctx, args[0], none_to_null(ctx, args[1]));
}

/* ---- capsules ---------------------------------------------------------- */

/* Capsule names must outlive their capsules: they are interned here. */
#define NAME_SLOTS 16
static char names[NAME_SLOTS][64];
static int n_names;

static const char *intern_name(HPyContext *ctx, HPy h)
{
    const char *s;
    HPy_ssize_t len;
    int i;
    if (HPy_Is(ctx, h, ctx->h_None))
        return NULL;
    s = HPyUnicode_AsUTF8AndSize(ctx, h, &len);
    if (s == NULL)
        return NULL;
    for (i = 0; i < n_names; i++)
        if (strcmp(names[i], s) == 0)
            return names[i];
    if (n_names == NAME_SLOTS || len >= 64) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "too many or too long capsule names");
        return NULL;
    }
    memcpy(names[n_names], s, (size_t)len + 1);
    return names[n_names++];
}

/* What the destructor saw, for destructor_log(). */
#define LOG_SLOTS 64
static struct { char name[64]; int has_name; void *pointer; void *context; } dlog[LOG_SLOTS];
static int n_dlog;

HPyCapsule_DESTRUCTOR(rt_destructor)
static void rt_destructor_impl(const char *name, void *pointer, void *context)
{
    if (n_dlog == LOG_SLOTS)
        return;
    dlog[n_dlog].has_name = name != NULL;
    if (name != NULL) {
        strncpy(dlog[n_dlog].name, name, 63);
        dlog[n_dlog].name[63] = '\0';
    }
    dlog[n_dlog].pointer = pointer;
    dlog[n_dlog].context = context;
    n_dlog++;
}

/* A destructor missing its impl: refused. */
static HPyCapsule_Destructor rt_bad_destructor = { NULL, NULL };

/* destructor_log() -> [(name or None, pointer, context)], and clear it */
HPyDef_METH(rt_destructor_log, "destructor_log", HPyFunc_NOARGS)
static HPy rt_destructor_log_impl(HPyContext *ctx, HPy self)
{
    HPy lst = HPyList_New(ctx, 0), item;
    int i;
    (void)self;
    if (HPy_IsNull(lst))
        return HPy_NULL;
    for (i = 0; i < n_dlog; i++) {
        if (dlog[i].has_name)
            item = HPy_BuildValue(ctx, "(snn)", dlog[i].name, (HPy_ssize_t)(intptr_t)dlog[i].pointer,
                                  (HPy_ssize_t)(intptr_t)dlog[i].context);
        else
            item = HPy_BuildValue(ctx, "(Onn)", ctx->h_None, (HPy_ssize_t)(intptr_t)dlog[i].pointer,
                                  (HPy_ssize_t)(intptr_t)dlog[i].context);
        if (HPy_IsNull(item) || HPyList_Append(ctx, lst, item) < 0) {
            HPy_Close(ctx, item);
            HPy_Close(ctx, lst);
            return HPy_NULL;
        }
        HPy_Close(ctx, item);
    }
    n_dlog = 0;
    return lst;
}

/* capsule_new(pointer, name or None, destructor) with destructor one of
   None, "ok", "bad" */
HPyDef_METH(rt_capsule_new, "capsule_new", HPyFunc_VARARGS)
static HPy rt_capsule_new_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    void *p;
    const char *name, *which;
    HPyCapsule_Destructor *d = NULL;
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "capsule_new(pointer, name, destructor)");
    p = HPyLong_AsVoidPtr(ctx, args[0]);
    name = intern_name(ctx, args[1]);
    which = text_or_null(ctx, args[2]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (which != NULL)
        d = which[0] == 'o' ? &rt_destructor : &rt_bad_destructor;
    return HPyCapsule_New(ctx, p, name, d);
}

/* capsule_get(capsule, key, name or None): pointers and contexts as ints,
   names as str or None */
HPyDef_METH(rt_capsule_get, "capsule_get", HPyFunc_VARARGS)
static HPy rt_capsule_get_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long key;
    const char *name;
    void *r;
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "capsule_get(capsule, key, name)");
    key = HPyLong_AsLong(ctx, args[1]);
    name = text_or_null(ctx, args[2]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    r = HPyCapsule_Get(ctx, args[0], (_HPyCapsule_key)key, name);
    if (r == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (key == HPyCapsule_key_Name)
        return r == NULL ? HPy_Dup(ctx, ctx->h_None) : HPyUnicode_FromString(ctx, (const char *)r);
    return pointer_to_long(ctx, r);
}

/* capsule_set(capsule, key, value): pointer and context from ints, the
   name from str or None, the destructor from None, "ok" or "bad" */
HPyDef_METH(rt_capsule_set, "capsule_set", HPyFunc_VARARGS)
static HPy rt_capsule_set_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long key;
    void *value = NULL;
    (void)self;
    if (nargs != 3)
        return wrong_args(ctx, "capsule_set(capsule, key, value)");
    key = HPyLong_AsLong(ctx, args[1]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (key == HPyCapsule_key_Name) {
        value = (void *)intern_name(ctx, args[2]);
    } else if (key == HPyCapsule_key_Destructor) {
        const char *which = text_or_null(ctx, args[2]);
        if (which != NULL)
            value = which[0] == 'o' ? &rt_destructor : &rt_bad_destructor;
    } else {
        value = HPyLong_AsVoidPtr(ctx, args[2]);
    }
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (HPyCapsule_Set(ctx, args[0], (_HPyCapsule_key)key, value) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(rt_capsule_is_valid, "capsule_is_valid", HPyFunc_VARARGS)
static HPy rt_capsule_is_valid_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name;
    (void)self;
    if (nargs != 2)
        return wrong_args(ctx, "capsule_is_valid(capsule, name)");
    name = text_or_null(ctx, args[1]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, HPyCapsule_IsValid(ctx, args[0], name));
}

/* ---- leaving and re-entering Python execution --------------------------- */

static int flag;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Spin (without the GIL) until set_flag() runs in another thread, or until
   `timeout` seconds pass; True when the flag was seen. */
HPyDef_METH(rt_wait_for_flag, "wait_for_flag", HPyFunc_O)
static HPy rt_wait_for_flag_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double timeout = HPyFloat_AsDouble(ctx, arg), deadline;
    int seen = 0;
    HPyThreadState ts;
    (void)self;
    if (timeout == -1.0 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    ts = HPy_LeavePythonExecution(ctx);
    deadline = now() + timeout;
    while (now() < deadline) {
        if (__atomic_load_n(&flag, __ATOMIC_ACQUIRE)) {
            seen = 1;
            break;
        }
    }
    HPy_ReenterPythonExecution(ctx, ts);
    __atomic_store_n(&flag, 0, __ATOMIC_RELEASE);
    return HPyBool_FromLong(ctx, seen);
}

HPyDef_METH(rt_set_flag, "set_flag", HPyFunc_NOARGS)
static HPy rt_set_flag_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Sum 0..n-1 in `rounds` chunks, leaving Python execution for each chunk. */
HPyDef_METH(rt_sum_outside, "sum_outside", HPyFunc_VARARGS)
static HPy rt_sum_outside_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n, rounds, r, i;
    volatile long long total = 0;
    (void)self;
    if (nargs != 2)
        return wrong_args(ctx, "sum_outside(n, rounds)");
    n = HPyLong_AsLong(ctx, args[0]);
    rounds = HPyLong_AsLong(ctx, args[1]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    for (r = 0; r < rounds; r++) {
        HPyThreadState ts = HPy_LeavePythonExecution(ctx);
        for (i = 0; i < n; i++)
            total += i;
        HPy_ReenterPythonExecution(ctx, ts);
    }
    return HPyLong_FromLongLong(ctx, total);
}

/* ---- the legacy bridge -------------------------------------------------- */

/* n round trips handle -> PyObject * -> handle. On this backend a handle is
   the PyObject * itself, which the test relies on to give the PyObject *
   reference back without Python.h. Returns the object from the last trip. */
HPyDef_METH(rt_bridge, "bridge", HPyFunc_VARARGS)
static HPy rt_bridge_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n, i;
    HPy last = HPy_NULL;
    (void)self;
    if (nargs != 2)
        return wrong_args(ctx, "bridge(obj, n)");
    n = HPyLong_AsLong(ctx, args[1]);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    for (i = 0; i < n; i++) {
        cpy_PyObject *p = ctx->ctx_AsPyObject(ctx, args[0]);
        HPy h = ctx->ctx_FromPyObject(ctx, p);
        HPy as_handle;
        if (p == NULL || (intptr_t)p != args[0]._i || !HPy_Is(ctx, h, args[0])) {
            HPy_Close(ctx, h);
            HPy_Close(ctx, last);
            HPyErr_SetString(ctx, ctx->h_AssertionError, "bridge: not the same object");
            return HPy_NULL;
        }
        as_handle._i = (intptr_t)p;   /* the reference HPy_AsPyObject gave */
        HPy_Close(ctx, as_handle);
        HPy_Close(ctx, last);
        last = h;
    }
    return HPy_IsNull(last) ? HPy_Dup(ctx, ctx->h_None) : last;
}

/* ---- HPyField ----------------------------------------------------------- */

typedef struct {
    HPyField item;
} BoxObject;

HPyType_HELPERS(BoxObject)

HPyDef_SLOT(Box_new, HPy_tp_new)
static HPy Box_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    BoxObject *b;
    HPy h;
    (void)args;
    (void)kw;
    if (nargs > 1)
        return wrong_args(ctx, "Box(item=None)");
    h = HPy_New(ctx, cls, &b);
    if (HPy_IsNull(h))
        return HPy_NULL;
    b->item = HPyField_NULL;
    if (nargs == 1)
        HPyField_Store(ctx, h, &b->item, args[0]);
    return h;
}

HPyDef_SLOT(Box_traverse, HPy_tp_traverse)
static int Box_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    BoxObject *b = (BoxObject *)self;
    HPy_VISIT(&b->item);
    return 0;
}

/* box.set(x): store x; None stores HPy_NULL. */
HPyDef_METH(Box_set, "set", HPyFunc_O)
static HPy Box_set_impl(HPyContext *ctx, HPy self, HPy arg)
{
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    HPyField_Store(ctx, self, &b->item, none_to_null(ctx, arg));
    return HPy_Dup(ctx, ctx->h_None);
}

/* box.get(): the stored object (SystemError when empty). */
HPyDef_METH(Box_get, "get", HPyFunc_NOARGS)
static HPy Box_get_impl(HPyContext *ctx, HPy self)
{
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    return HPyField_Load(ctx, self, b->item);
}

HPyDef_METH(Box_is_empty, "is_empty", HPyFunc_NOARGS)
static HPy Box_is_empty_impl(HPyContext *ctx, HPy self)
{
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    return HPyBool_FromLong(ctx, HPyField_IsNull(b->item));
}

/* box.churn(x, n): store x, load it and store the loaded value, n times. */
HPyDef_METH(Box_churn, "churn", HPyFunc_VARARGS)
static HPy Box_churn_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    long n, i;
    if (nargs != 2)
        return wrong_args(ctx, "churn(x, n)");
    n = HPyLong_AsLong(ctx, args[1]);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    for (i = 0; i < n; i++) {
        HPy v;
        HPyField_Store(ctx, self, &b->item, args[0]);
        v = HPyField_Load(ctx, self, b->item);
        if (HPy_IsNull(v))
            return HPy_NULL;
        HPyField_Store(ctx, self, &b->item, v);
        HPy_Close(ctx, v);
    }
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *Box_defines[] = {
    &Box_new, &Box_traverse, &Box_set, &Box_get, &Box_is_empty, &Box_churn, NULL
};

static HPyType_Spec Box_spec = {
    .name = "api_runtime.Box",
    .basicsize = sizeof(BoxObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .builtin_shape = SHAPE(BoxObject),
    .defines = Box_defines,
};

/* ---- HPyGlobal ---------------------------------------------------------- */

static HPyGlobal stored;

HPyDef_METH(rt_global_store, "global_store", HPyFunc_O)
static HPy rt_global_store_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyGlobal_Store(ctx, &stored, none_to_null(ctx, arg));
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(rt_global_load, "global_load", HPyFunc_NOARGS)
static HPy rt_global_load_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, stored);
}

HPyDef_SLOT(rt_exec, HPy_mod_exec)
static int rt_exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Box", &Box_spec, NULL))
        return -1;
    return 0;
}

static HPyDef *defines[] = {
    &rt_import_module, &rt_compile, &rt_eval_code,
    &rt_contextvar_new, &rt_contextvar_get, &rt_contextvar_set,
    &rt_destructor_log, &rt_capsule_new, &rt_capsule_get, &rt_capsule_set, &rt_capsule_is_valid,
    &rt_wait_for_flag, &rt_set_flag, &rt_sum_outside, &rt_bridge,
    &rt_global_store, &rt_global_load, &rt_exec,
    NULL,
};

static HPyGlobal *globals[] = {&stored, NULL};

static HPyModuleDef moduledef = {.doc = "runtime API tests", .defines = defines, .globals = globals};

HPy_MODINIT(api_runtime, moduledef)
