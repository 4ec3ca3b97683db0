/* Tuples, lists, dicts, slices, the list and tuple builders and the handle
   tracker, driven from Python by test_containers.py. Built for ABI minor 1
   (HPyList_Insert and HPySlice_New). */
#define HILT_TARGET_ABI_MINOR 1
#include "hpy.h"
#include <stdint.h>

/* HPy_NULL when `h` is None, else `h` (borrowed either way). */
static HPy none_to_null(HPyContext *ctx, HPy h)
{
    return HPy_Is(ctx, h, ctx->h_None) ? HPy_NULL : h;
}

HPyDef_METH(ct_tuple_from_args, "tuple_from_args", HPyFunc_VARARGS)
static HPy ct_tuple_from_args_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    return HPyTuple_FromArray(ctx, (HPy *)args, (HPy_ssize_t)nargs);
}

HPyDef_METH(ct_tuple_with_null, "tuple_with_null", HPyFunc_NOARGS)
static HPy ct_tuple_with_null_impl(HPyContext *ctx, HPy self)
{
    HPy items[2];
    (void)self;
    items[0] = ctx->h_None;
    items[1] = HPy_NULL;
    return HPyTuple_FromArray(ctx, items, 2);
}

HPyDef_METH(ct_checks, "checks", HPyFunc_O)
static HPy ct_checks_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_BuildValue(ctx, "(iii)", HPyTuple_Check(ctx, arg) ? 1 : 0,
                          HPyList_Check(ctx, arg) ? 1 : 0, HPyDict_Check(ctx, arg) ? 1 : 0);
}

HPyDef_METH(ct_checks_null, "checks_null", HPyFunc_NOARGS)
static HPy ct_checks_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_BuildValue(ctx, "(iii)", HPyTuple_Check(ctx, HPy_NULL),
                          HPyList_Check(ctx, HPy_NULL), HPyDict_Check(ctx, HPy_NULL));
}

HPyDef_METH(ct_list_new, "list_new", HPyFunc_O)
static HPy ct_list_new_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n = HPyLong_AsSsize_t(ctx, arg);
    (void)self;
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyList_New(ctx, n);
}

HPyDef_METH(ct_list_append, "list_append", HPyFunc_VARARGS)
static HPy ct_list_append_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "list_append(lst, item)");
        return HPy_NULL;
    }
    if (HPyList_Append(ctx, args[0], args[1]) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(ct_list_append_null, "list_append_null", HPyFunc_O)
static HPy ct_list_append_null_impl(HPyContext *ctx, HPy self, HPy lst)
{
    (void)self;
    if (HPyList_Append(ctx, lst, HPy_NULL) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(ct_list_insert, "list_insert", HPyFunc_VARARGS)
static HPy ct_list_insert_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t i;
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "list_insert(lst, index, item)");
        return HPy_NULL;
    }
    i = HPyLong_AsSsize_t(ctx, args[1]);
    if (i == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (HPyList_Insert(ctx, args[0], i, args[2]) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(ct_dict_new, "dict_new", HPyFunc_NOARGS)
static HPy ct_dict_new_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyDict_New(ctx);
}

HPyDef_METH(ct_dict_keys, "dict_keys", HPyFunc_O)
static HPy ct_dict_keys_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyDict_Keys(ctx, arg);
}

HPyDef_METH(ct_dict_copy, "dict_copy", HPyFunc_O)
static HPy ct_dict_copy_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyDict_Copy(ctx, arg);
}

HPyDef_METH(ct_slice_unpack, "slice_unpack", HPyFunc_O)
static HPy ct_slice_unpack_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t start, stop, step;
    (void)self;
    if (HPySlice_Unpack(ctx, arg, &start, &stop, &step) < 0)
        return HPy_NULL;
    return HPy_BuildValue(ctx, "(nnn)", start, stop, step);
}

HPyDef_METH(ct_slice_new, "slice_new", HPyFunc_VARARGS)
static HPy ct_slice_new_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "slice_new(start, stop, step)");
        return HPy_NULL;
    }
    return HPySlice_New(ctx, none_to_null(ctx, args[0]), none_to_null(ctx, args[1]),
                        none_to_null(ctx, args[2]));
}

/* ---- builders ---------------------------------------------------------- */

HPyDef_METH(ct_list_builder, "list_builder", HPyFunc_VARARGS)
static HPy ct_list_builder_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyListBuilder b = HPyListBuilder_New(ctx, (HPy_ssize_t)nargs);
    size_t i;
    (void)self;
    for (i = 0; i < nargs; i++)
        HPyListBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    return HPyListBuilder_Build(ctx, b);
}

HPyDef_METH(ct_tuple_builder, "tuple_builder", HPyFunc_VARARGS)
static HPy ct_tuple_builder_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder b = HPyTupleBuilder_New(ctx, (HPy_ssize_t)nargs);
    size_t i;
    (void)self;
    for (i = 0; i < nargs; i++)
        HPyTupleBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    return HPyTupleBuilder_Build(ctx, b);
}

/* Fill both kinds of builder with the arguments, then cancel them. */
HPyDef_METH(ct_builders_cancel, "builders_cancel", HPyFunc_VARARGS)
static HPy ct_builders_cancel_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyListBuilder lb = HPyListBuilder_New(ctx, (HPy_ssize_t)nargs);
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, (HPy_ssize_t)nargs);
    size_t i;
    (void)self;
    for (i = 0; i < nargs; i++) {
        HPyListBuilder_Set(ctx, lb, (HPy_ssize_t)i, args[i]);
        HPyTupleBuilder_Set(ctx, tb, (HPy_ssize_t)i, args[i]);
    }
    HPyListBuilder_Cancel(ctx, lb);
    HPyTupleBuilder_Cancel(ctx, tb);
    return HPy_Dup(ctx, ctx->h_None);
}

/* A builder whose New cannot allocate: Set and Cancel are harmless, Build
   raises. `which` is "list" or "tuple", `op` is "build" or "cancel". */
HPyDef_METH(ct_builder_huge, "builder_huge", HPyFunc_VARARGS)
static HPy ct_builder_huge_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *which, *op;
    int list, build;
    HPy_ssize_t huge = (HPy_ssize_t)(SIZE_MAX >> 1);
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "builder_huge(which, op)");
        return HPy_NULL;
    }
    which = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    op = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    if (which == NULL || op == NULL)
        return HPy_NULL;
    list = which[0] == 'l';
    build = op[0] == 'b';
    if (list) {
        HPyListBuilder b = HPyListBuilder_New(ctx, huge);
        if (HPyErr_Occurred(ctx))   /* the error is postponed to Build */
            return HPy_NULL;
        HPyListBuilder_Set(ctx, b, 0, ctx->h_None);
        if (build)
            return HPyListBuilder_Build(ctx, b);
        HPyListBuilder_Cancel(ctx, b);
    } else {
        HPyTupleBuilder b = HPyTupleBuilder_New(ctx, huge);
        if (HPyErr_Occurred(ctx))
            return HPy_NULL;
        HPyTupleBuilder_Set(ctx, b, 0, ctx->h_None);
        if (build)
            return HPyTupleBuilder_Build(ctx, b);
        HPyTupleBuilder_Cancel(ctx, b);
    }
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(ct_builder_negative, "builder_negative", HPyFunc_O)
static HPy ct_builder_negative_impl(HPyContext *ctx, HPy self, HPy which)
{
    (void)self;
    if (HPy_Is(ctx, which, ctx->h_True)) {
        HPyListBuilder b = HPyListBuilder_New(ctx, -1);
        HPyListBuilder_Set(ctx, b, 0, ctx->h_None);
        return HPyListBuilder_Build(ctx, b);
    } else {
        HPyTupleBuilder b = HPyTupleBuilder_New(ctx, -1);
        HPyTupleBuilder_Set(ctx, b, 0, ctx->h_None);
        return HPyTupleBuilder_Build(ctx, b);
    }
}

/* Set out of range raises SystemError; the extension then cancels. */
HPyDef_METH(ct_builder_bad_index, "builder_bad_index", HPyFunc_O)
static HPy ct_builder_bad_index_impl(HPyContext *ctx, HPy self, HPy which)
{
    (void)self;
    if (HPy_Is(ctx, which, ctx->h_True)) {
        HPyListBuilder b = HPyListBuilder_New(ctx, 2);
        HPyListBuilder_Set(ctx, b, 2, ctx->h_None);
        HPyListBuilder_Cancel(ctx, b);
    } else {
        HPyTupleBuilder b = HPyTupleBuilder_New(ctx, 2);
        HPyTupleBuilder_Set(ctx, b, -1, ctx->h_None);
        HPyTupleBuilder_Cancel(ctx, b);
    }
    return HPyErr_Occurred(ctx) ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
}

/* Setting the same index twice keeps the last item and leaks nothing. */
HPyDef_METH(ct_builder_set_twice, "builder_set_twice", HPyFunc_VARARGS)
static HPy ct_builder_set_twice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder b;
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "builder_set_twice(first, second)");
        return HPy_NULL;
    }
    b = HPyTupleBuilder_New(ctx, 1);
    HPyTupleBuilder_Set(ctx, b, 0, args[0]);
    HPyTupleBuilder_Set(ctx, b, 0, args[1]);
    return HPyTupleBuilder_Build(ctx, b);
}

/* ---- tracker ----------------------------------------------------------- */

/* Track `n` new references to `obj` (starting from capacity `size`), then
   close the tracker: every reference is given back. */
HPyDef_METH(ct_tracker_dups, "tracker_dups", HPyFunc_VARARGS)
static HPy ct_tracker_dups_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t n, size, i;
    HPyTracker ht;
    (void)self;
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "tracker_dups(obj, n, size)");
        return HPy_NULL;
    }
    n = HPyLong_AsSsize_t(ctx, args[1]);
    size = HPyLong_AsSsize_t(ctx, args[2]);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    ht = HPyTracker_New(ctx, size);
    if (HPy_IsNull(ht))
        return HPy_NULL;
    for (i = 0; i < n; i++) {
        if (HPyTracker_Add(ctx, ht, HPy_Dup(ctx, args[0])) < 0) {
            HPyTracker_Close(ctx, ht);
            return HPy_NULL;
        }
    }
    HPyTracker_Close(ctx, ht);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Track `n` references, forget them all, close the tracker (which must not
   close them) and give them back by hand; returns how many were handed back. */
HPyDef_METH(ct_tracker_forget, "tracker_forget", HPyFunc_VARARGS)
static HPy ct_tracker_forget_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy held[64];
    HPy_ssize_t n, i;
    HPyTracker ht;
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "tracker_forget(obj, n)");
        return HPy_NULL;
    }
    n = HPyLong_AsSsize_t(ctx, args[1]);
    if (n < 0 || n > 64) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "0 <= n <= 64");
        return HPy_NULL;
    }
    ht = HPyTracker_New(ctx, 0);
    if (HPy_IsNull(ht))
        return HPy_NULL;
    for (i = 0; i < n; i++) {
        held[i] = HPy_Dup(ctx, args[0]);
        if (HPyTracker_Add(ctx, ht, held[i]) < 0) {
            HPyTracker_Close(ctx, ht);
            return HPy_NULL;
        }
    }
    HPyTracker_ForgetAll(ctx, ht);
    HPyTracker_Close(ctx, ht);
    for (i = 0; i < n; i++)
        HPy_Close(ctx, held[i]);
    return HPyLong_FromSsize_t(ctx, n);
}

/* The tracker pattern of HPy's documentation: build a dict of i -> i*i,
   tracking every key and value, and close them all at the end. */
HPyDef_METH(ct_tracker_squares, "tracker_squares", HPyFunc_O)
static HPy ct_tracker_squares_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long n = HPyLong_AsLong(ctx, arg), i;
    HPyTracker ht;
    HPy dict, key, value;
    (void)self;
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    ht = HPyTracker_New(ctx, 0);
    if (HPy_IsNull(ht))
        return HPy_NULL;
    dict = HPyDict_New(ctx);
    if (HPy_IsNull(dict))
        goto error;
    for (i = 0; i < n; i++) {
        key = HPyLong_FromLong(ctx, i);
        if (HPy_IsNull(key) || HPyTracker_Add(ctx, ht, key) < 0)
            goto error;
        value = HPyLong_FromLong(ctx, i * i);
        if (HPy_IsNull(value) || HPyTracker_Add(ctx, ht, value) < 0)
            goto error;
        if (HPy_SetItem(ctx, dict, key, value) < 0)
            goto error;
    }
    HPyTracker_Close(ctx, ht);
    return dict;
error:
    HPyTracker_Close(ctx, ht);
    HPy_Close(ctx, dict);
    return HPy_NULL;
}

static HPyDef *defines[] = {
    &ct_tuple_from_args, &ct_tuple_with_null, &ct_checks, &ct_checks_null,
    &ct_list_new, &ct_list_append, &ct_list_append_null, &ct_list_insert,
    &ct_dict_new, &ct_dict_keys, &ct_dict_copy, &ct_slice_unpack, &ct_slice_new,
    &ct_list_builder, &ct_tuple_builder, &ct_builders_cancel, &ct_builder_huge,
    &ct_builder_negative, &ct_builder_bad_index, &ct_builder_set_twice,
    &ct_tracker_dups, &ct_tracker_forget, &ct_tracker_squares,
    NULL,
};

static HPyModuleDef moduledef = {.doc = "containers API tests", .defines = defines};

HPy_MODINIT(api_containers, moduledef)
