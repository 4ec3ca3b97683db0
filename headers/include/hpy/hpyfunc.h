/*
 * hpyfunc.h -- C types of the functions an extension implements, and the
 * CPython-compatible trampolines that the HPyDef_* macros generate for them.
 *
 * Every HPyFunc_Signature has
 *   - a function pointer typedef HPyFunc_<sig> (what the extension writes),
 *   - a declaration macro _HPyFunc_DECLARE_HPyFunc_<SIG>(SYM),
 *   - a trampoline macro _HPyFunc_TRAMPOLINE_HPyFunc_<SIG>(SYM, IMPL): a
 *     static function with the matching CPython slot signature which packs
 *     its arguments into a _HPyFunc_args_<SIG> struct and hands it, with
 *     IMPL, to ctx->ctx_CallRealFunctionFromTrampoline.
 *
 * Loaders that go through CPython (HPy 0.9's own hpy.universal) call the
 * trampoline and read the fields of the argument struct, so THE LAYOUT OF
 * EVERY _HPyFunc_args_* STRUCT IS ABI: field order and types equal HPy
 * 0.9.0's and must never change.  Hilt's own backends call IMPL directly.
 *
 * Hybrid builds produce the same trampolines as universal ones.
 */
#ifndef HILT_HPY_HPYFUNC_H
#define HILT_HPY_HPYFUNC_H

/* ---- Function types ---------------------------------------------------- */

/* The callback tp_traverse receives: called once per HPyField. */
typedef int (*HPyFunc_visitproc)(HPyField *, void *);

/*
 * Visit one HPyField from a tp_traverse implementation.  Like CPython's
 * Py_VISIT it expects the traverse function's parameters to be named
 * `visit` and `arg`, and returns early when the visitor asks to stop.
 */
#define HPy_VISIT(hpyfield)                                                  \
    do {                                                                     \
        if (!HPyField_IsNull(*(hpyfield))) {                                 \
            int _hilt_visit_rc = visit((hpyfield), arg);                     \
            if (_hilt_visit_rc != 0)                                         \
                return _hilt_visit_rc;                                       \
        }                                                                    \
    } while (0)

typedef HPy (*HPyFunc_noargs)(HPyContext *ctx, HPy self);
typedef HPy (*HPyFunc_o)(HPyContext *ctx, HPy self, HPy arg);
typedef HPy (*HPyFunc_varargs)(HPyContext *ctx, HPy self,
                               const HPy *args, size_t nargs);
/* HPyFunc_keywords is generated (HPyCallFunction needs it). */
typedef HPy (*HPyFunc_unaryfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_binaryfunc)(HPyContext *ctx, HPy, HPy);
typedef HPy (*HPyFunc_ternaryfunc)(HPyContext *ctx, HPy, HPy, HPy);
typedef int (*HPyFunc_inquiry)(HPyContext *ctx, HPy);
typedef HPy_ssize_t (*HPyFunc_lenfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_ssizeargfunc)(HPyContext *ctx, HPy, HPy_ssize_t);
typedef HPy (*HPyFunc_ssizessizeargfunc)(HPyContext *ctx, HPy,
                                         HPy_ssize_t, HPy_ssize_t);
typedef int (*HPyFunc_ssizeobjargproc)(HPyContext *ctx, HPy, HPy_ssize_t, HPy);
typedef int (*HPyFunc_ssizessizeobjargproc)(HPyContext *ctx, HPy, HPy_ssize_t,
                                            HPy_ssize_t, HPy);
typedef int (*HPyFunc_objobjargproc)(HPyContext *ctx, HPy, HPy, HPy);
typedef void (*HPyFunc_freefunc)(HPyContext *ctx, void *);
typedef HPy (*HPyFunc_getattrfunc)(HPyContext *ctx, HPy, char *);
typedef HPy (*HPyFunc_getattrofunc)(HPyContext *ctx, HPy, HPy);
typedef int (*HPyFunc_setattrfunc)(HPyContext *ctx, HPy, char *, HPy);
typedef int (*HPyFunc_setattrofunc)(HPyContext *ctx, HPy, HPy, HPy);
typedef HPy (*HPyFunc_reprfunc)(HPyContext *ctx, HPy);
typedef HPy_hash_t (*HPyFunc_hashfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_richcmpfunc)(HPyContext *ctx, HPy, HPy, HPy_RichCmpOp);
typedef HPy (*HPyFunc_getiterfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_iternextfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_descrgetfunc)(HPyContext *ctx, HPy, HPy, HPy);
typedef int (*HPyFunc_descrsetfunc)(HPyContext *ctx, HPy, HPy, HPy);
typedef int (*HPyFunc_initproc)(HPyContext *ctx, HPy self, const HPy *args,
                                HPy_ssize_t nargs, HPy kw);
typedef HPy (*HPyFunc_newfunc)(HPyContext *ctx, HPy type, const HPy *args,
                               HPy_ssize_t nargs, HPy kw);
typedef HPy (*HPyFunc_getter)(HPyContext *ctx, HPy, void *);
typedef int (*HPyFunc_setter)(HPyContext *ctx, HPy, HPy, void *);
typedef int (*HPyFunc_objobjproc)(HPyContext *ctx, HPy, HPy);
typedef int (*HPyFunc_getbufferproc)(HPyContext *ctx, HPy, HPy_buffer *, int);
typedef void (*HPyFunc_releasebufferproc)(HPyContext *ctx, HPy, HPy_buffer *);
/* traverse and destroy run without a context: the GC may call them at
   moments when no API call is allowed. */
typedef int (*HPyFunc_traverseproc)(void *object, HPyFunc_visitproc visit,
                                    void *arg);
typedef void (*HPyFunc_destructor)(HPyContext *ctx, HPy);
typedef void (*HPyFunc_destroyfunc)(void *);
typedef HPy (*HPyFunc_mod_create)(HPyContext *ctx, HPy);

/* ---- Forward declarations of implementations --------------------------- */

#define _HPyFunc_DECLARE_HPyFunc_NOARGS(SYM) \
    static HPy SYM(HPyContext *ctx, HPy self)
#define _HPyFunc_DECLARE_HPyFunc_O(SYM) \
    static HPy SYM(HPyContext *ctx, HPy self, HPy arg)
#define _HPyFunc_DECLARE_HPyFunc_VARARGS(SYM) \
    static HPy SYM(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
#define _HPyFunc_DECLARE_HPyFunc_KEYWORDS(SYM) \
    static HPy SYM(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, \
                   HPy kwnames)
#define _HPyFunc_DECLARE_HPyFunc_UNARYFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_BINARYFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_TERNARYFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_INQUIRY(SYM) \
    static int SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_LENFUNC(SYM) \
    static HPy_ssize_t SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_SSIZEARGFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy_ssize_t)
#define _HPyFunc_DECLARE_HPyFunc_SSIZESSIZEARGFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy_ssize_t, HPy_ssize_t)
#define _HPyFunc_DECLARE_HPyFunc_SSIZEOBJARGPROC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy_ssize_t, HPy)
#define _HPyFunc_DECLARE_HPyFunc_SSIZESSIZEOBJARGPROC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy_ssize_t, HPy_ssize_t, HPy)
#define _HPyFunc_DECLARE_HPyFunc_OBJOBJARGPROC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_FREEFUNC(SYM) \
    static void SYM(HPyContext *ctx, void *)
#define _HPyFunc_DECLARE_HPyFunc_GETATTRFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, char *)
#define _HPyFunc_DECLARE_HPyFunc_GETATTROFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_SETATTRFUNC(SYM) \
    static int SYM(HPyContext *ctx, HPy, char *, HPy)
#define _HPyFunc_DECLARE_HPyFunc_SETATTROFUNC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_REPRFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_HASHFUNC(SYM) \
    static HPy_hash_t SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_RICHCMPFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy, HPy_RichCmpOp)
#define _HPyFunc_DECLARE_HPyFunc_GETITERFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_ITERNEXTFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_DESCRGETFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_DESCRSETFUNC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_INITPROC(SYM) \
    static int SYM(HPyContext *ctx, HPy self, const HPy *args, \
                   HPy_ssize_t nargs, HPy kw)
#define _HPyFunc_DECLARE_HPyFunc_NEWFUNC(SYM) \
    static HPy SYM(HPyContext *ctx, HPy type, const HPy *args, \
                   HPy_ssize_t nargs, HPy kw)
#define _HPyFunc_DECLARE_HPyFunc_GETTER(SYM) \
    static HPy SYM(HPyContext *ctx, HPy, void *)
#define _HPyFunc_DECLARE_HPyFunc_SETTER(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy, void *)
#define _HPyFunc_DECLARE_HPyFunc_OBJOBJPROC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy)
#define _HPyFunc_DECLARE_HPyFunc_GETBUFFERPROC(SYM) \
    static int SYM(HPyContext *ctx, HPy, HPy_buffer *, int)
#define _HPyFunc_DECLARE_HPyFunc_RELEASEBUFFERPROC(SYM) \
    static void SYM(HPyContext *ctx, HPy, HPy_buffer *)
#define _HPyFunc_DECLARE_HPyFunc_TRAVERSEPROC(SYM) \
    static int SYM(void *object, HPyFunc_visitproc visit, void *arg)
#define _HPyFunc_DECLARE_HPyFunc_DESTRUCTOR(SYM) \
    static void SYM(HPyContext *ctx, HPy)
#define _HPyFunc_DECLARE_HPyFunc_DESTROYFUNC(SYM) \
    static void SYM(void *)
#define _HPyFunc_DECLARE_HPyFunc_MOD_CREATE(SYM) \
    static HPy SYM(HPyContext *ctx, HPy)

/*
 * HPyFunc_DECLARE(SYM, SIG) declares SYM with signature SIG, and
 * HPyFunc_TRAMPOLINE(SYM, IMPL, SIG) defines a trampoline SYM for IMPL.
 *
 * The anonymous enum is there only for diagnostics: a misspelt SIG then
 * fails as "'HPyFunc_FOO' undeclared" instead of as a call to an unknown
 * _HPyFunc_DECLARE_HPyFunc_FOO macro.
 */
#define HPyFunc_DECLARE(SYM, SIG)                                            \
    enum { SYM##_sig = SIG };                                                \
    _HPyFunc_DECLARE_##SIG(SYM)

#define HPyFunc_TRAMPOLINE(SYM, IMPL, SIG)                                   \
    enum { SYM##_sig = SIG };                                                \
    _HPyFunc_TRAMPOLINE_##SIG(SYM, IMPL)

/* ---- Trampoline argument structs (ABI, see top of file) ---------------- */

typedef struct { cpy_PyObject *self; cpy_PyObject *result; }
    _HPyFunc_args_NOARGS;
typedef struct { cpy_PyObject *self; cpy_PyObject *arg; cpy_PyObject *result; }
    _HPyFunc_args_O;
typedef struct {
    cpy_PyObject *self;
    cpy_PyObject *const *args;
    HPy_ssize_t nargs;
    cpy_PyObject *result;
} _HPyFunc_args_VARARGS;
typedef struct {
    cpy_PyObject *self;
    cpy_PyObject *const *args;
    /* Vectorcall convention: may carry PY_VECTORCALL_ARGUMENTS_OFFSET,
       because tp_call is also reached through this signature. */
    size_t nargsf;
    cpy_PyObject *kwnames;
    cpy_PyObject *result;
} _HPyFunc_args_KEYWORDS;
typedef struct {
    cpy_PyObject *self; cpy_PyObject *args; cpy_PyObject *kw; int result;
} _HPyFunc_args_INITPROC;
typedef struct {
    cpy_PyObject *self; cpy_PyObject *args; cpy_PyObject *kw;
    cpy_PyObject *result;
} _HPyFunc_args_NEWFUNC;

typedef struct { cpy_PyObject *arg0; cpy_PyObject *result; }
    _HPyFunc_args_UNARYFUNC;
typedef struct { cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *result; }
    _HPyFunc_args_BINARYFUNC;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *arg2;
    cpy_PyObject *result;
} _HPyFunc_args_TERNARYFUNC;
typedef struct { cpy_PyObject *arg0; int result; } _HPyFunc_args_INQUIRY;
typedef struct { cpy_PyObject *arg0; HPy_ssize_t result; } _HPyFunc_args_LENFUNC;
typedef struct {
    cpy_PyObject *arg0; HPy_ssize_t arg1; cpy_PyObject *result;
} _HPyFunc_args_SSIZEARGFUNC;
typedef struct {
    cpy_PyObject *arg0; HPy_ssize_t arg1; HPy_ssize_t arg2;
    cpy_PyObject *result;
} _HPyFunc_args_SSIZESSIZEARGFUNC;
typedef struct {
    cpy_PyObject *arg0; HPy_ssize_t arg1; cpy_PyObject *arg2; int result;
} _HPyFunc_args_SSIZEOBJARGPROC;
typedef struct {
    cpy_PyObject *arg0; HPy_ssize_t arg1; HPy_ssize_t arg2;
    cpy_PyObject *arg3; int result;
} _HPyFunc_args_SSIZESSIZEOBJARGPROC;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *arg2; int result;
} _HPyFunc_args_OBJOBJARGPROC;
typedef struct { void *arg0; } _HPyFunc_args_FREEFUNC;
typedef struct { cpy_PyObject *arg0; char *arg1; cpy_PyObject *result; }
    _HPyFunc_args_GETATTRFUNC;
typedef struct { cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *result; }
    _HPyFunc_args_GETATTROFUNC;
typedef struct {
    cpy_PyObject *arg0; char *arg1; cpy_PyObject *arg2; int result;
} _HPyFunc_args_SETATTRFUNC;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *arg2; int result;
} _HPyFunc_args_SETATTROFUNC;
typedef struct { cpy_PyObject *arg0; cpy_PyObject *result; }
    _HPyFunc_args_REPRFUNC;
typedef struct { cpy_PyObject *arg0; HPy_hash_t result; } _HPyFunc_args_HASHFUNC;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; HPy_RichCmpOp arg2;
    cpy_PyObject *result;
} _HPyFunc_args_RICHCMPFUNC;
typedef struct { cpy_PyObject *arg0; cpy_PyObject *result; }
    _HPyFunc_args_GETITERFUNC;
typedef struct { cpy_PyObject *arg0; cpy_PyObject *result; }
    _HPyFunc_args_ITERNEXTFUNC;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *arg2;
    cpy_PyObject *result;
} _HPyFunc_args_DESCRGETFUNC;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; cpy_PyObject *arg2; int result;
} _HPyFunc_args_DESCRSETFUNC;
typedef struct { cpy_PyObject *arg0; void *arg1; cpy_PyObject *result; }
    _HPyFunc_args_GETTER;
typedef struct {
    cpy_PyObject *arg0; cpy_PyObject *arg1; void *arg2; int result;
} _HPyFunc_args_SETTER;
typedef struct { cpy_PyObject *arg0; cpy_PyObject *arg1; int result; }
    _HPyFunc_args_OBJOBJPROC;
typedef struct { cpy_PyObject *arg0; } _HPyFunc_args_DESTRUCTOR;
typedef struct {
    cpy_PyObject *self; cpy_Py_buffer *view; int flags; int result;
} _HPyFunc_args_GETBUFFERPROC;
typedef struct { cpy_PyObject *self; cpy_Py_buffer *view; }
    _HPyFunc_args_RELEASEBUFFERPROC;
typedef struct {
    cpy_PyObject *self; cpy_visitproc visit; void *arg; int result;
} _HPyFunc_args_TRAVERSEPROC;
typedef struct { cpy_PyObject *spec; cpy_PyObject *result; }
    _HPyFunc_args_MOD_CREATE;

/* ---- Trampoline generators --------------------------------------------- */

#define _HILT_UNPAREN(...) __VA_ARGS__

/*
 * Function pointers of different types are converted through void(*)(void):
 * GCC's -Wcast-function-type (part of -Wextra) accepts that route, and the
 * receiving side casts back to the real signature before calling.
 */
#define _HILT_FUNC_CAST(T, f) ((T)(void (*)(void))(f))

/* A trampoline for a signature whose struct ends in `result`: PARAMS is the
   CPython-side parameter list, INIT the struct initializer (with 0 for the
   result, so that no field is left without an initializer). */
#define _HILT_TRAMPOLINE_R(SIG, RET, SYM, IMPL, PARAMS, INIT)                \
    static RET SYM PARAMS                                                    \
    {                                                                        \
        _HPyFunc_args_##SIG _hilt_a = { _HILT_UNPAREN INIT };                \
        _HPy_CallRealFunctionFromTrampoline(_ctx_for_trampolines,            \
            HPyFunc_##SIG, _HILT_FUNC_CAST(HPyCFunction, IMPL), &_hilt_a);   \
        return _hilt_a.result;                                               \
    }

/* The same for signatures that return nothing. */
#define _HILT_TRAMPOLINE_V(SIG, SYM, IMPL, PARAMS, INIT)                     \
    static void SYM PARAMS                                                   \
    {                                                                        \
        _HPyFunc_args_##SIG _hilt_a = { _HILT_UNPAREN INIT };                \
        _HPy_CallRealFunctionFromTrampoline(_ctx_for_trampolines,            \
            HPyFunc_##SIG, _HILT_FUNC_CAST(HPyCFunction, IMPL), &_hilt_a);   \
    }

/* Shorthands for the many slots that only take and return objects. */
#define _HILT_OBJ cpy_PyObject *
#define _HILT_TRAMPOLINE_1(SIG, SYM, IMPL)                                   \
    _HILT_TRAMPOLINE_R(SIG, _HILT_OBJ, SYM, IMPL,                            \
                       (_HILT_OBJ arg0), (arg0, 0))
#define _HILT_TRAMPOLINE_2(SIG, SYM, IMPL)                                   \
    _HILT_TRAMPOLINE_R(SIG, _HILT_OBJ, SYM, IMPL,                            \
                       (_HILT_OBJ arg0, _HILT_OBJ arg1), (arg0, arg1, 0))
#define _HILT_TRAMPOLINE_3(SIG, RET, SYM, IMPL)                              \
    _HILT_TRAMPOLINE_R(SIG, RET, SYM, IMPL,                                  \
                       (_HILT_OBJ arg0, _HILT_OBJ arg1, _HILT_OBJ arg2),     \
                       (arg0, arg1, arg2, 0))

/* ---- One trampoline per signature -------------------------------------- */

/* METH_NOARGS functions are called as f(self, NULL); take both. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_NOARGS(SYM, IMPL)                        \
    _HILT_TRAMPOLINE_R(NOARGS, _HILT_OBJ, SYM, IMPL,                         \
        (_HILT_OBJ self, _HILT_OBJ _hilt_null _HPy_UNUSED), (self, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_O(SYM, IMPL)                             \
    _HILT_TRAMPOLINE_R(O, _HILT_OBJ, SYM, IMPL,                              \
        (_HILT_OBJ self, _HILT_OBJ arg), (self, arg, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_VARARGS(SYM, IMPL)                       \
    _HILT_TRAMPOLINE_R(VARARGS, _HILT_OBJ, SYM, IMPL,                        \
        (_HILT_OBJ self, _HILT_OBJ const *args, HPy_ssize_t nargs),          \
        (self, args, nargs, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_KEYWORDS(SYM, IMPL)                      \
    _HILT_TRAMPOLINE_R(KEYWORDS, _HILT_OBJ, SYM, IMPL,                       \
        (_HILT_OBJ self, _HILT_OBJ const *args, size_t nargsf,               \
         _HILT_OBJ kwnames),                                                 \
        (self, args, nargsf, kwnames, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_INITPROC(SYM, IMPL)                      \
    _HILT_TRAMPOLINE_3(INITPROC, int, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_NEWFUNC(SYM, IMPL)                       \
    _HILT_TRAMPOLINE_3(NEWFUNC, _HILT_OBJ, SYM, IMPL)

#define _HPyFunc_TRAMPOLINE_HPyFunc_UNARYFUNC(SYM, IMPL)                     \
    _HILT_TRAMPOLINE_1(UNARYFUNC, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_BINARYFUNC(SYM, IMPL)                    \
    _HILT_TRAMPOLINE_2(BINARYFUNC, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_TERNARYFUNC(SYM, IMPL)                   \
    _HILT_TRAMPOLINE_3(TERNARYFUNC, _HILT_OBJ, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_INQUIRY(SYM, IMPL)                       \
    _HILT_TRAMPOLINE_R(INQUIRY, int, SYM, IMPL, (_HILT_OBJ arg0), (arg0, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_LENFUNC(SYM, IMPL)                       \
    _HILT_TRAMPOLINE_R(LENFUNC, HPy_ssize_t, SYM, IMPL,                      \
        (_HILT_OBJ arg0), (arg0, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_SSIZEARGFUNC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_R(SSIZEARGFUNC, _HILT_OBJ, SYM, IMPL,                   \
        (_HILT_OBJ arg0, HPy_ssize_t arg1), (arg0, arg1, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_SSIZESSIZEARGFUNC(SYM, IMPL)             \
    _HILT_TRAMPOLINE_R(SSIZESSIZEARGFUNC, _HILT_OBJ, SYM, IMPL,              \
        (_HILT_OBJ arg0, HPy_ssize_t arg1, HPy_ssize_t arg2),                \
        (arg0, arg1, arg2, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_SSIZEOBJARGPROC(SYM, IMPL)               \
    _HILT_TRAMPOLINE_R(SSIZEOBJARGPROC, int, SYM, IMPL,                      \
        (_HILT_OBJ arg0, HPy_ssize_t arg1, _HILT_OBJ arg2),                  \
        (arg0, arg1, arg2, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_SSIZESSIZEOBJARGPROC(SYM, IMPL)          \
    _HILT_TRAMPOLINE_R(SSIZESSIZEOBJARGPROC, int, SYM, IMPL,                 \
        (_HILT_OBJ arg0, HPy_ssize_t arg1, HPy_ssize_t arg2,                 \
         _HILT_OBJ arg3),                                                    \
        (arg0, arg1, arg2, arg3, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_OBJOBJARGPROC(SYM, IMPL)                 \
    _HILT_TRAMPOLINE_3(OBJOBJARGPROC, int, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_FREEFUNC(SYM, IMPL)                      \
    _HILT_TRAMPOLINE_V(FREEFUNC, SYM, IMPL, (void *arg0), (arg0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_GETATTRFUNC(SYM, IMPL)                   \
    _HILT_TRAMPOLINE_R(GETATTRFUNC, _HILT_OBJ, SYM, IMPL,                    \
        (_HILT_OBJ arg0, char *arg1), (arg0, arg1, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_GETATTROFUNC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_2(GETATTROFUNC, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_SETATTRFUNC(SYM, IMPL)                   \
    _HILT_TRAMPOLINE_R(SETATTRFUNC, int, SYM, IMPL,                          \
        (_HILT_OBJ arg0, char *arg1, _HILT_OBJ arg2), (arg0, arg1, arg2, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_SETATTROFUNC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_3(SETATTROFUNC, int, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_REPRFUNC(SYM, IMPL)                      \
    _HILT_TRAMPOLINE_1(REPRFUNC, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_HASHFUNC(SYM, IMPL)                      \
    _HILT_TRAMPOLINE_R(HASHFUNC, HPy_hash_t, SYM, IMPL,                      \
        (_HILT_OBJ arg0), (arg0, 0))
/* CPython passes the operator as int; the struct carries HPy_RichCmpOp. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_RICHCMPFUNC(SYM, IMPL)                   \
    _HILT_TRAMPOLINE_R(RICHCMPFUNC, _HILT_OBJ, SYM, IMPL,                    \
        (_HILT_OBJ arg0, _HILT_OBJ arg1, int arg2),                          \
        (arg0, arg1, (HPy_RichCmpOp)arg2, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_GETITERFUNC(SYM, IMPL)                   \
    _HILT_TRAMPOLINE_1(GETITERFUNC, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_ITERNEXTFUNC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_1(ITERNEXTFUNC, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_DESCRGETFUNC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_3(DESCRGETFUNC, _HILT_OBJ, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_DESCRSETFUNC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_3(DESCRSETFUNC, int, SYM, IMPL)
#define _HPyFunc_TRAMPOLINE_HPyFunc_GETTER(SYM, IMPL)                        \
    _HILT_TRAMPOLINE_R(GETTER, _HILT_OBJ, SYM, IMPL,                         \
        (_HILT_OBJ arg0, void *arg1), (arg0, arg1, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_SETTER(SYM, IMPL)                        \
    _HILT_TRAMPOLINE_R(SETTER, int, SYM, IMPL,                               \
        (_HILT_OBJ arg0, _HILT_OBJ arg1, void *arg2), (arg0, arg1, arg2, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_OBJOBJPROC(SYM, IMPL)                    \
    _HILT_TRAMPOLINE_R(OBJOBJPROC, int, SYM, IMPL,                           \
        (_HILT_OBJ arg0, _HILT_OBJ arg1), (arg0, arg1, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_DESTRUCTOR(SYM, IMPL)                    \
    _HILT_TRAMPOLINE_V(DESTRUCTOR, SYM, IMPL, (_HILT_OBJ arg0), (arg0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_GETBUFFERPROC(SYM, IMPL)                 \
    _HILT_TRAMPOLINE_R(GETBUFFERPROC, int, SYM, IMPL,                        \
        (_HILT_OBJ self, cpy_Py_buffer *view, int flags),                    \
        (self, view, flags, 0))
#define _HPyFunc_TRAMPOLINE_HPyFunc_RELEASEBUFFERPROC(SYM, IMPL)             \
    _HILT_TRAMPOLINE_V(RELEASEBUFFERPROC, SYM, IMPL,                         \
        (_HILT_OBJ self, cpy_Py_buffer *view), (self, view))
#define _HPyFunc_TRAMPOLINE_HPyFunc_TRAVERSEPROC(SYM, IMPL)                  \
    _HILT_TRAMPOLINE_R(TRAVERSEPROC, int, SYM, IMPL,                         \
        (_HILT_OBJ self, cpy_visitproc visit, void *arg),                    \
        (self, visit, arg, 0))
/* Py_mod_create functions also receive the PyModuleDef, which HPy hides. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_MOD_CREATE(SYM, IMPL)                    \
    _HILT_TRAMPOLINE_R(MOD_CREATE, _HILT_OBJ, SYM, IMPL,                     \
        (_HILT_OBJ spec, cpy_PyModuleDef *_hilt_def _HPy_UNUSED),            \
        (spec, 0))

/*
 * tp_destroy has no CPython counterpart: the runtime's own deallocator calls
 * the implementation directly.  The trampoline only fills the struct field
 * and must never run.
 */
#define _HPyFunc_TRAMPOLINE_HPyFunc_DESTROYFUNC(SYM, IMPL)                   \
    static void SYM(void) { abort(); }

/*
 * Capsule destructors: the CPython capsule itself is the argument block;
 * the runtime reads the name, pointer and context out of it.
 */
#define HPyCapsule_DESTRUCTOR_TRAMPOLINE(SYM, IMPL)                          \
    static void SYM(cpy_PyObject *capsule)                                   \
    {                                                                        \
        _HPy_CallRealFunctionFromTrampoline(_ctx_for_trampolines,            \
            HPyFunc_CAPSULE_DESTRUCTOR,                                      \
            _HILT_FUNC_CAST(HPyCFunction, IMPL), capsule);                   \
    }

#endif /* HILT_HPY_HPYFUNC_H */
