/* HPy_CallTupleDict, HPy_Call and HPy_CallMethod, driven by test_calls.py.
   The KEYWORDS functions forward their own vectorcall-style arguments
   (positional values, then keyword values named by `kwnames`). */
#include "hpy.h"

/* HPy_NULL when `h` is None, else `h` (borrowed either way). */
static HPy none_to_null(HPyContext *ctx, HPy h)
{
    return HPy_Is(ctx, h, ctx->h_None) ? HPy_NULL : h;
}

/* cl_call_tuple_dict(f, args or None, kw or None) */
HPyDef_METH(cl_call_tuple_dict, "call_tuple_dict", HPyFunc_VARARGS)
static HPy cl_call_tuple_dict_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "call_tuple_dict(f, args, kw)");
        return HPy_NULL;
    }
    return HPy_CallTupleDict(ctx, none_to_null(ctx, args[0]), none_to_null(ctx, args[1]),
                             none_to_null(ctx, args[2]));
}

/* cl_call(f, *args, **kw) == f(*args, **kw) through HPy_Call */
HPyDef_METH(cl_call, "call", HPyFunc_KEYWORDS)
static HPy cl_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)self;
    if (nargs < 1) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "call(f, *args, **kw)");
        return HPy_NULL;
    }
    return HPy_Call(ctx, args[0], args + 1, nargs - 1, kwnames);
}

/* cl_call_method(name, obj, *args, **kw) == getattr(obj, name)(*args, **kw) */
HPyDef_METH(cl_call_method, "call_method", HPyFunc_KEYWORDS)
static HPy cl_call_method_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)self;
    if (nargs < 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "call_method(name, obj, *args, **kw)");
        return HPy_NULL;
    }
    return HPy_CallMethod(ctx, args[0], args + 1, nargs - 1, kwnames);
}

/* HPy_Call with no arguments at all (args == NULL). */
HPyDef_METH(cl_call_noargs, "call_noargs", HPyFunc_O)
static HPy cl_call_noargs_impl(HPyContext *ctx, HPy self, HPy f)
{
    (void)self;
    return HPy_Call(ctx, f, NULL, 0, HPy_NULL);
}

/* HPy_Call(f, [1], 1, kwnames) with a kwnames that is not a tuple. */
HPyDef_METH(cl_call_bad_kwnames, "call_bad_kwnames", HPyFunc_VARARGS)
static HPy cl_call_bad_kwnames_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "call_bad_kwnames(f, arg, kwnames)");
        return HPy_NULL;
    }
    return HPy_Call(ctx, args[0], args + 1, 0, args[2]);
}

HPyDef_METH(cl_call_null, "call_null", HPyFunc_NOARGS)
static HPy cl_call_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Call(ctx, HPy_NULL, NULL, 0, HPy_NULL);
}

/* HPy_CallMethod(name, NULL, 0, HPy_NULL): no receiver. */
HPyDef_METH(cl_call_method_no_receiver, "call_method_no_receiver", HPyFunc_O)
static HPy cl_call_method_no_receiver_impl(HPyContext *ctx, HPy self, HPy name)
{
    (void)self;
    return HPy_CallMethod(ctx, name, NULL, 0, HPy_NULL);
}

/* Call `f(item, key=item)` n times through each API; for leak checks. */
HPyDef_METH(cl_call_many, "call_many", HPyFunc_VARARGS)
static HPy cl_call_many_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy kwnames, argv[2], tup, dict, r;
    long n, i;
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "call_many(f, item, n)");
        return HPy_NULL;
    }
    n = HPyLong_AsLong(ctx, args[2]);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    kwnames = HPy_BuildValue(ctx, "(s)", "key");
    tup = HPyTuple_FromArray(ctx, (HPy *)&args[1], 1);
    dict = HPyDict_New(ctx);
    if (HPy_IsNull(kwnames) || HPy_IsNull(tup) || HPy_IsNull(dict) ||
        HPy_SetItem_s(ctx, dict, "key", args[1]) < 0)
        goto error;
    argv[0] = args[1];
    argv[1] = args[1];
    for (i = 0; i < n; i++) {
        r = HPy_Call(ctx, args[0], argv, 1, kwnames);
        if (HPy_IsNull(r))
            goto error;
        HPy_Close(ctx, r);
        r = HPy_CallTupleDict(ctx, args[0], tup, dict);
        if (HPy_IsNull(r))
            goto error;
        HPy_Close(ctx, r);
    }
    HPy_Close(ctx, kwnames);
    HPy_Close(ctx, tup);
    HPy_Close(ctx, dict);
    return HPy_Dup(ctx, ctx->h_None);
error:
    HPy_Close(ctx, kwnames);
    HPy_Close(ctx, tup);
    HPy_Close(ctx, dict);
    return HPy_NULL;
}

static HPyDef *defines[] = {
    &cl_call_tuple_dict, &cl_call, &cl_call_method, &cl_call_noargs, &cl_call_bad_kwnames,
    &cl_call_null, &cl_call_method_no_receiver, &cl_call_many,
    NULL,
};

static HPyModuleDef moduledef = {.doc = "call API tests", .defines = defines};

HPy_MODINIT(api_calls, moduledef)
