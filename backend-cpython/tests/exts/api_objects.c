/* Test extension for the generic object API: each method calls one API
   function on its arguments and hands back the result, so the Python tests
   can compare it with what plain Python gives. Built with
   -DHILT_TARGET_ABI_MINOR=1 (slices and iteration are minor-1 members). */
#include "hpy.h"

/* The HPyDef variables are global symbols, so each carries a file prefix:
   a bare name such as `dup` or `index` would be interposed by libc's
   function of that name when the module is loaded. */

/* An int result of the API as a Python int, or the pending error. */
static HPy int_result(HPyContext *ctx, long r)
{
    if (r == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, r);
}

static HPy bool_result(HPyContext *ctx, int r)
{
    if (r == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBool_FromBool(ctx, r != 0);
}

static HPy none(HPyContext *ctx, int r)
{
    if (r < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

static int check_nargs(HPyContext *ctx, size_t nargs, size_t want)
{
    if (nargs != want) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "wrong number of arguments");
        return 0;
    }
    return 1;
}

/* The UTF-8 text of a str argument. */
static const char *utf8(HPyContext *ctx, HPy h)
{
    return HPyUnicode_AsUTF8AndSize(ctx, h, NULL);
}

/* The C index in an int argument; -1 with an error set on failure. */
#define SSIZE_ARG(var, h)                                                      \
    HPy_ssize_t var = HPyLong_AsSsize_t(ctx, (h));                             \
    if (var == -1 && HPyErr_Occurred(ctx))                                     \
        return HPy_NULL

/* ---------------------------------------------------------------- handles */

HPyDef_METH(ao_dup, "dup", HPyFunc_O)
static HPy ao_dup_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(ao_dup_close, "dup_close", HPyFunc_O, .doc = "dup and close 100 times, then dup")
static HPy ao_dup_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int i;
    (void)self;
    for (i = 0; i < 100; i++) {
        HPy h = HPy_Dup(ctx, arg);
        HPy_Close(ctx, h);
    }
    HPy_Close(ctx, HPy_NULL); /* closing HPy_NULL is a no-op */
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(ao_is_, "is_", HPyFunc_VARARGS)
static HPy ao_is__impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return HPyBool_FromBool(ctx, HPy_Is(ctx, args[0], args[1]) != 0);
}

HPyDef_METH(ao_is_true, "is_true", HPyFunc_O)
static HPy ao_is_true_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return int_result(ctx, HPy_IsTrue(ctx, arg));
}

/* ------------------------------------------------------------------ types */

HPyDef_METH(ao_type, "type", HPyFunc_O)
static HPy ao_type_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Type(ctx, arg);
}

HPyDef_METH(ao_type_check, "type_check", HPyFunc_VARARGS)
static HPy ao_type_check_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return HPyBool_FromBool(ctx, HPy_TypeCheck(ctx, args[0], args[1]) != 0);
}

HPyDef_METH(ao_type_issubtype, "type_issubtype", HPyFunc_VARARGS)
static HPy ao_type_issubtype_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return HPyBool_FromBool(ctx, HPyType_IsSubtype(ctx, args[0], args[1]) != 0);
}

HPyDef_METH(ao_type_getname, "type_getname", HPyFunc_O)
static HPy ao_type_getname_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *name;
    (void)self;
    name = HPyType_GetName(ctx, arg);
    if (name == NULL)
        return HPy_NULL;
    return HPyUnicode_FromString(ctx, name);
}

/* ------------------------------------------------------------ conversions */

HPyDef_METH(ao_repr, "repr", HPyFunc_O)
static HPy ao_repr_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Repr(ctx, arg);
}

HPyDef_METH(ao_str, "str", HPyFunc_O)
static HPy ao_str_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Str(ctx, arg);
}

HPyDef_METH(ao_ascii, "ascii", HPyFunc_O)
static HPy ao_ascii_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_ASCII(ctx, arg);
}

HPyDef_METH(ao_bytes_, "bytes_", HPyFunc_O)
static HPy ao_bytes__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Bytes(ctx, arg);
}

/* ---------------------------------------------------- comparison and hash */

HPyDef_METH(ao_richcompare, "richcompare", HPyFunc_VARARGS)
static HPy ao_richcompare_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long op;
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    op = HPyLong_AsLong(ctx, args[2]);
    if (op == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPy_RichCompare(ctx, args[0], args[1], (int)op);
}

HPyDef_METH(ao_richcomparebool, "richcomparebool", HPyFunc_VARARGS)
static HPy ao_richcomparebool_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long op;
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    op = HPyLong_AsLong(ctx, args[2]);
    if (op == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return int_result(ctx, HPy_RichCompareBool(ctx, args[0], args[1], (int)op));
}

HPyDef_METH(ao_hash, "hash", HPyFunc_O)
static HPy ao_hash_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_hash_t h;
    (void)self;
    h = HPy_Hash(ctx, arg);
    if (h == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromSsize_t(ctx, h);
}

/* ------------------------------------------------------------- attributes */

HPyDef_METH(ao_getattr, "getattr", HPyFunc_VARARGS)
static HPy ao_getattr_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return HPy_GetAttr(ctx, args[0], args[1]);
}

HPyDef_METH(ao_getattr_s, "getattr_s", HPyFunc_VARARGS)
static HPy ao_getattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name;
    (void)self;
    if (!check_nargs(ctx, nargs, 2) || !(name = utf8(ctx, args[1])))
        return HPy_NULL;
    return HPy_GetAttr_s(ctx, args[0], name);
}

HPyDef_METH(ao_hasattr, "hasattr", HPyFunc_VARARGS)
static HPy ao_hasattr_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return bool_result(ctx, HPy_HasAttr(ctx, args[0], args[1]));
}

HPyDef_METH(ao_hasattr_s, "hasattr_s", HPyFunc_VARARGS)
static HPy ao_hasattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name;
    (void)self;
    if (!check_nargs(ctx, nargs, 2) || !(name = utf8(ctx, args[1])))
        return HPy_NULL;
    return bool_result(ctx, HPy_HasAttr_s(ctx, args[0], name));
}

HPyDef_METH(ao_setattr, "setattr", HPyFunc_VARARGS)
static HPy ao_setattr_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    return none(ctx, HPy_SetAttr(ctx, args[0], args[1], args[2]));
}

HPyDef_METH(ao_setattr_s, "setattr_s", HPyFunc_VARARGS)
static HPy ao_setattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name;
    (void)self;
    if (!check_nargs(ctx, nargs, 3) || !(name = utf8(ctx, args[1])))
        return HPy_NULL;
    return none(ctx, HPy_SetAttr_s(ctx, args[0], name, args[2]));
}

/* ------------------------------------------------------------------ items */

HPyDef_METH(ao_getitem, "getitem", HPyFunc_VARARGS)
static HPy ao_getitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return HPy_GetItem(ctx, args[0], args[1]);
}

HPyDef_METH(ao_getitem_i, "getitem_i", HPyFunc_VARARGS)
static HPy ao_getitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    SSIZE_ARG(i, args[1]);
    return HPy_GetItem_i(ctx, args[0], i);
}

HPyDef_METH(ao_getitem_s, "getitem_s", HPyFunc_VARARGS)
static HPy ao_getitem_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *key;
    (void)self;
    if (!check_nargs(ctx, nargs, 2) || !(key = utf8(ctx, args[1])))
        return HPy_NULL;
    return HPy_GetItem_s(ctx, args[0], key);
}

HPyDef_METH(ao_setitem, "setitem", HPyFunc_VARARGS)
static HPy ao_setitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    return none(ctx, HPy_SetItem(ctx, args[0], args[1], args[2]));
}

HPyDef_METH(ao_setitem_i, "setitem_i", HPyFunc_VARARGS)
static HPy ao_setitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    SSIZE_ARG(i, args[1]);
    return none(ctx, HPy_SetItem_i(ctx, args[0], i, args[2]));
}

HPyDef_METH(ao_setitem_s, "setitem_s", HPyFunc_VARARGS)
static HPy ao_setitem_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *key;
    (void)self;
    if (!check_nargs(ctx, nargs, 3) || !(key = utf8(ctx, args[1])))
        return HPy_NULL;
    return none(ctx, HPy_SetItem_s(ctx, args[0], key, args[2]));
}

HPyDef_METH(ao_delitem, "delitem", HPyFunc_VARARGS)
static HPy ao_delitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return none(ctx, HPy_DelItem(ctx, args[0], args[1]));
}

HPyDef_METH(ao_delitem_i, "delitem_i", HPyFunc_VARARGS)
static HPy ao_delitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    SSIZE_ARG(i, args[1]);
    return none(ctx, HPy_DelItem_i(ctx, args[0], i));
}

HPyDef_METH(ao_delitem_s, "delitem_s", HPyFunc_VARARGS)
static HPy ao_delitem_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *key;
    (void)self;
    if (!check_nargs(ctx, nargs, 2) || !(key = utf8(ctx, args[1])))
        return HPy_NULL;
    return none(ctx, HPy_DelItem_s(ctx, args[0], key));
}

HPyDef_METH(ao_contains, "contains", HPyFunc_VARARGS)
static HPy ao_contains_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    return int_result(ctx, HPy_Contains(ctx, args[0], args[1]));
}

HPyDef_METH(ao_length, "length", HPyFunc_O)
static HPy ao_length_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPy_Length(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromSsize_t(ctx, n);
}

HPyDef_METH(ao_callable_check, "callable_check", HPyFunc_O)
static HPy ao_callable_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromBool(ctx, HPyCallable_Check(ctx, arg) != 0);
}

/* ----------------------------------------------------------------- slices */

HPyDef_METH(ao_getslice, "getslice", HPyFunc_VARARGS)
static HPy ao_getslice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    SSIZE_ARG(a, args[1]);
    SSIZE_ARG(b, args[2]);
    return HPy_GetSlice(ctx, args[0], a, b);
}

HPyDef_METH(ao_setslice, "setslice", HPyFunc_VARARGS)
static HPy ao_setslice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 4))
        return HPy_NULL;
    SSIZE_ARG(a, args[1]);
    SSIZE_ARG(b, args[2]);
    return none(ctx, HPy_SetSlice(ctx, args[0], a, b, args[3]));
}

HPyDef_METH(ao_delslice, "delslice", HPyFunc_VARARGS)
static HPy ao_delslice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    SSIZE_ARG(a, args[1]);
    SSIZE_ARG(b, args[2]);
    return none(ctx, HPy_DelSlice(ctx, args[0], a, b));
}

/* -------------------------------------------------------------- iteration */

HPyDef_METH(ao_getiter, "getiter", HPyFunc_O)
static HPy ao_getiter_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_GetIter(ctx, arg);
}

HPyDef_METH(ao_iter_next, "iter_next", HPyFunc_VARARGS,
            .doc = "iter_next(it, sentinel): next item, or sentinel when exhausted")
static HPy ao_iter_next_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy r;
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    r = HPyIter_Next(ctx, args[0]);
    if (HPy_IsNull(r)) {
        if (HPyErr_Occurred(ctx))
            return HPy_NULL;
        return HPy_Dup(ctx, args[1]);
    }
    return r;
}

HPyDef_METH(ao_iter_sum, "iter_sum", HPyFunc_O, .doc = "sum of iter(arg) via GetIter/Iter_Next")
static HPy ao_iter_sum_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy it, item, total, tmp;
    (void)self;
    it = HPy_GetIter(ctx, arg);
    if (HPy_IsNull(it))
        return HPy_NULL;
    total = HPyLong_FromLong(ctx, 0);
    while (!HPy_IsNull(item = HPyIter_Next(ctx, it))) {
        tmp = HPy_Add(ctx, total, item);
        HPy_Close(ctx, item);
        HPy_Close(ctx, total);
        if (HPy_IsNull(tmp)) {
            HPy_Close(ctx, it);
            return HPy_NULL;
        }
        total = tmp;
    }
    HPy_Close(ctx, it);
    if (HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, total);
        return HPy_NULL;
    }
    return total;
}

HPyDef_METH(ao_iter_check, "iter_check", HPyFunc_O)
static HPy ao_iter_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromBool(ctx, HPyIter_Check(ctx, arg) != 0);
}

/* -------------------------------------------------------------- debugging */

HPyDef_METH(ao_dump, "dump", HPyFunc_O)
static HPy ao_dump_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    _HPy_Dump(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

/* --------------------------------------------------- null-handle handling */

HPyDef_METH(ao_with_null, "with_null", HPyFunc_O,
            .doc = "with_null(name): call API `name` with HPy_NULL where an object is required")
static HPy ao_with_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *which = utf8(ctx, arg);
    HPy h_none = ctx->h_None;
    (void)self;
    if (which == NULL)
        return HPy_NULL;
#define IS(s) (strcmp(which, s) == 0)
    if (IS("GetAttr")) return HPy_GetAttr(ctx, HPy_NULL, h_none);
    if (IS("GetAttr_s")) return HPy_GetAttr_s(ctx, h_none, NULL);
    if (IS("GetItem")) return HPy_GetItem(ctx, HPy_NULL, h_none);
    if (IS("GetItem_i")) return HPy_GetItem_i(ctx, HPy_NULL, 0);
    if (IS("Type")) return HPy_Type(ctx, HPy_NULL);
    if (IS("Repr")) return HPy_Repr(ctx, HPy_NULL);
    if (IS("GetIter")) return HPy_GetIter(ctx, HPy_NULL);
    if (IS("Iter_Next")) return HPyIter_Next(ctx, HPy_NULL);
    if (IS("Hash")) return int_result(ctx, (long)HPy_Hash(ctx, HPy_NULL));
    if (IS("IsTrue")) return int_result(ctx, HPy_IsTrue(ctx, HPy_NULL));
    if (IS("Length")) return int_result(ctx, (long)HPy_Length(ctx, HPy_NULL));
    if (IS("Contains")) return int_result(ctx, HPy_Contains(ctx, h_none, HPy_NULL));
    if (IS("SetItem")) return none(ctx, HPy_SetItem(ctx, h_none, h_none, HPy_NULL));
    if (IS("SetAttr")) return none(ctx, HPy_SetAttr(ctx, HPy_NULL, h_none, h_none));
    if (IS("RichCompareBool")) return int_result(ctx, HPy_RichCompareBool(ctx, HPy_NULL, h_none, HPy_EQ));
    if (IS("RichCompare_badop")) return HPy_RichCompare(ctx, h_none, h_none, 42);
    if (IS("Type_GetName")) {
        const char *s = HPyType_GetName(ctx, HPy_NULL);
        return s ? HPyUnicode_FromString(ctx, s) : HPy_NULL;
    }
    /* Predicates answer 0, without an exception. */
    if (IS("predicates"))
        return HPyLong_FromLong(ctx, HPy_TypeCheck(ctx, HPy_NULL, h_none)
                                   + HPyType_IsSubtype(ctx, HPy_NULL, h_none)
                                   + HPy_HasAttr(ctx, HPy_NULL, h_none)
                                   + HPyCallable_Check(ctx, HPy_NULL)
                                   + HPyIter_Check(ctx, HPy_NULL));
    if (IS("Dump")) {
        _HPy_Dump(ctx, HPy_NULL);
        return HPy_Dup(ctx, h_none);
    }
#undef IS
    HPyErr_SetString(ctx, ctx->h_ValueError, which);
    return HPy_NULL;
}

static HPyDef *module_defines[] = {
    &ao_dup, &ao_dup_close, &ao_is_, &ao_is_true,
    &ao_type, &ao_type_check, &ao_type_issubtype, &ao_type_getname,
    &ao_repr, &ao_str, &ao_ascii, &ao_bytes_,
    &ao_richcompare, &ao_richcomparebool, &ao_hash,
    &ao_getattr, &ao_getattr_s, &ao_hasattr, &ao_hasattr_s, &ao_setattr, &ao_setattr_s,
    &ao_getitem, &ao_getitem_i, &ao_getitem_s, &ao_setitem, &ao_setitem_i, &ao_setitem_s,
    &ao_delitem, &ao_delitem_i, &ao_delitem_s, &ao_contains, &ao_length, &ao_callable_check,
    &ao_getslice, &ao_setslice, &ao_delslice,
    &ao_getiter, &ao_iter_next, &ao_iter_sum, &ao_iter_check,
    &ao_dump, &ao_with_null,
    NULL
};

static HPyModuleDef moduledef = {
    .doc = "Tests of Hilt's generic object API.",
    .size = 0,
    .defines = module_defines,
};

HPy_MODINIT(api_objects, moduledef)
