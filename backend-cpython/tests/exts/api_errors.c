/* Raising, testing and clearing exceptions, new exception classes,
   warnings and er_fatal errors, driven by test_errors.py. */
#include "hpy.h"
#include <errno.h>

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

HPyDef_METH(er_set_string, "set_string", HPyFunc_VARARGS)
static HPy er_set_string_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *msg;
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "set_string(type, message)");
        return HPy_NULL;
    }
    msg = text_or_null(ctx, args[1]);
    if (msg == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    HPyErr_SetString(ctx, none_to_null(ctx, args[0]), msg);
    return HPy_NULL;
}

HPyDef_METH(er_set_object, "set_object", HPyFunc_VARARGS)
static HPy er_set_object_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "set_object(type, value)");
        return HPy_NULL;
    }
    HPyErr_SetObject(ctx, none_to_null(ctx, args[0]), args[1]);
    return HPy_NULL;
}

/* er_set_errno(type, errno, filename or None) */
HPyDef_METH(er_set_errno, "set_errno", HPyFunc_VARARGS)
static HPy er_set_errno_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *filename;
    long e;
    HPy r;
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "set_errno(type, errno, filename)");
        return HPy_NULL;
    }
    e = HPyLong_AsLong(ctx, args[1]);
    filename = text_or_null(ctx, args[2]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    errno = (int)e;
    r = HPyErr_SetFromErrnoWithFilename(ctx, args[0], filename);
    if (!HPy_IsNull(r)) {
        HPy_Close(ctx, r);
        HPyErr_SetString(ctx, ctx->h_AssertionError, "HPyErr_SetFromErrnoWithFilename returned non-NULL");
    }
    return HPy_NULL;
}

/* er_set_errno_objects(type, errno, filename1 or None, filename2 or None) */
HPyDef_METH(er_set_errno_objects, "set_errno_objects", HPyFunc_VARARGS)
static HPy er_set_errno_objects_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long e;
    (void)self;
    if (nargs != 4) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "set_errno_objects(type, errno, f1, f2)");
        return HPy_NULL;
    }
    e = HPyLong_AsLong(ctx, args[1]);
    if (e == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    errno = (int)e;
    HPyErr_SetFromErrnoWithFilenameObjects(ctx, args[0], none_to_null(ctx, args[2]),
                                           none_to_null(ctx, args[3]));
    return HPy_NULL;
}

/* Raise `type`, then report (occurred, matches(match), occurred after clear). */
HPyDef_METH(er_occurred_matches_clear, "occurred_matches_clear", HPyFunc_VARARGS)
static HPy er_occurred_matches_clear_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int before, occurred, matches, after;
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "occurred_matches_clear(type, match)");
        return HPy_NULL;
    }
    before = HPyErr_Occurred(ctx);
    HPyErr_SetString(ctx, args[0], "raised from C");
    occurred = HPyErr_Occurred(ctx);
    matches = HPyErr_ExceptionMatches(ctx, args[1]);
    HPyErr_Clear(ctx);
    after = HPyErr_Occurred(ctx);
    return HPy_BuildValue(ctx, "(iiii)", before, occurred, matches != 0, after);
}

HPyDef_METH(er_matches_without_error, "matches_without_error", HPyFunc_O)
static HPy er_matches_without_error_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyErr_ExceptionMatches(ctx, none_to_null(ctx, arg)));
}

HPyDef_METH(er_no_memory, "no_memory", HPyFunc_NOARGS)
static HPy er_no_memory_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyErr_NoMemory(ctx);
    return HPy_NULL;
}

/* er_new_exception(name, doc or None, base or None, dict or None); without a
   doc, HPyErr_NewException is used. */
HPyDef_METH(er_new_exception, "new_exception", HPyFunc_VARARGS)
static HPy er_new_exception_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name, *doc;
    (void)self;
    if (nargs != 4) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "new_exception(name, doc, base, dict)");
        return HPy_NULL;
    }
    name = text_or_null(ctx, args[0]);
    doc = text_or_null(ctx, args[1]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (doc == NULL)
        return HPyErr_NewException(ctx, name, none_to_null(ctx, args[2]), none_to_null(ctx, args[3]));
    return HPyErr_NewExceptionWithDoc(ctx, name, doc, none_to_null(ctx, args[2]),
                                      none_to_null(ctx, args[3]));
}

/* warn(category or None, message, stack_level) -> the result of HPyErr_WarnEx,
   or the exception the warning became. */
HPyDef_METH(er_warn_ex, "warn", HPyFunc_VARARGS)
static HPy er_warn_ex_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *msg;
    HPy_ssize_t level;
    int r;
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "warn(category, message, stack_level)");
        return HPy_NULL;
    }
    msg = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    level = HPyLong_AsSsize_t(ctx, args[2]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    r = HPyErr_WarnEx(ctx, none_to_null(ctx, args[0]), msg, level);
    if (r < 0)
        return HPy_NULL;
    return HPyLong_FromLong(ctx, r);
}

/* Raise RuntimeError("unraisable from C") and report it as unraisable in
   the context of `obj` (None means HPy_NULL). */
HPyDef_METH(er_write_unraisable, "write_unraisable", HPyFunc_O)
static HPy er_write_unraisable_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int still;
    (void)self;
    HPyErr_SetString(ctx, ctx->h_RuntimeError, "unraisable from C");
    HPyErr_WriteUnraisable(ctx, none_to_null(ctx, arg));
    still = HPyErr_Occurred(ctx);
    return HPyLong_FromLong(ctx, still);
}

HPyDef_METH(er_fatal, "fatal", HPyFunc_O)
static HPy er_fatal_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *msg = text_or_null(ctx, arg);
    (void)self;
    if (msg == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    HPy_FatalError(ctx, msg);
    return HPy_NULL;   /* not reached */
}

/* BadNew(): an object; BadNew(x): its tp_new returns NULL without setting
   an exception (the runtime must report that as a SystemError). */
typedef struct { long unused; } BadNewObject;
HPyType_HELPERS(BadNewObject)
HPyDef_SLOT(BadNew_new, HPy_tp_new)
static HPy BadNew_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    BadNewObject *p;
    (void)args; (void)kw;
    if (nargs > 0)
        return HPy_NULL;
    return HPy_New(ctx, cls, &p);
}
static HPyDef *BadNew_defines[] = {&BadNew_new, NULL};
static HPyType_Spec BadNew_spec = {
    .name = "api_errors.BadNew",
    .basicsize = sizeof(BadNewObject),
    .builtin_shape = SHAPE(BadNewObject),
    .defines = BadNew_defines,
};

HPyDef_SLOT(er_exec, HPy_mod_exec)
static int er_exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "BadNew", &BadNew_spec, NULL) ? 0 : -1;
}

static HPyDef *defines[] = {
    &er_set_string, &er_set_object, &er_set_errno, &er_set_errno_objects,
    &er_occurred_matches_clear, &er_matches_without_error, &er_no_memory,
    &er_new_exception, &er_warn_ex, &er_write_unraisable, &er_fatal,
    &er_exec, NULL,
};

static HPyModuleDef moduledef = {.doc = "errors API tests", .defines = defines};

HPy_MODINIT(api_errors, moduledef)
