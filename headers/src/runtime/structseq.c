/*
 * Struct sequences for the universal ABI.
 *
 * A struct sequence type is made by calling collections.namedtuple through
 * the public API, so it works on every backend that provides the standard
 * library. The call is
 *     namedtuple(typename, fields, rename=True, defaults=(None,)*n, module=m)
 * where rename=True turns the unnamed marker "_" (and any other name that is
 * not a valid field name) into "_<index>". The class then gets the attributes
 * CPython's struct sequence types have: n_fields, n_sequence_fields (equal:
 * no field is hidden) and n_unnamed_fields, plus the docstrings from the
 * descriptor. HPyStructSequence_New recognises a type by its n_fields.
 */
#include "hpy.h"

#include <string.h>

/* hidden visibility comes from the declaration in structseq.h */
const char * const HPyStructSequence_UnnamedField = "_";

static int is_unnamed(const char *name)
{
    return name == HPyStructSequence_UnnamedField || strcmp(name, "_") == 0;
}

/* Set attribute `attr` of `obj` to the int `v`. */
static int set_int_attr(HPyContext *ctx, HPy obj, const char *attr, HPy_ssize_t v)
{
    HPy h = HPyLong_FromSsize_t(ctx, v);
    int rc;
    if (HPy_IsNull(h))
        return -1;
    rc = HPy_SetAttr_s(ctx, obj, attr, h);
    HPy_Close(ctx, h);
    return rc;
}

static int set_doc(HPyContext *ctx, HPy obj, const char *doc)
{
    HPy h = doc != NULL ? HPyUnicode_FromString(ctx, doc) : HPy_Dup(ctx, ctx->h_None);
    int rc;
    if (HPy_IsNull(h))
        return -1;
    rc = HPy_SetAttr_s(ctx, obj, "__doc__", h);
    HPy_Close(ctx, h);
    return rc;
}

/* A tuple of the `n` field names, or of `n` Nones when fields is NULL. */
static HPy tuple_of(HPyContext *ctx, HPy_ssize_t n, const HPyStructSequence_Field *fields)
{
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, n);
    HPy_ssize_t i;
    for (i = 0; i < n; i++) {
        HPy item = fields != NULL ? HPyUnicode_FromString(ctx, fields[i].name)
                                  : HPy_Dup(ctx, ctx->h_None);
        if (HPy_IsNull(item)) {
            HPyTupleBuilder_Cancel(ctx, tb);
            return HPy_NULL;
        }
        HPyTupleBuilder_Set(ctx, tb, i, item);
        HPy_Close(ctx, item);
    }
    return HPyTupleBuilder_Build(ctx, tb);
}

/* Call namedtuple(typename, names, rename=True, defaults=..., module=...). */
static HPy make_namedtuple(HPyContext *ctx, const char *typename_, const char *module,
                           HPy_ssize_t module_len, HPy_ssize_t n,
                           const HPyStructSequence_Field *fields)
{
    HPy collections, namedtuple, kwnames = HPy_NULL, result = HPy_NULL;
    HPy argv[5] = { HPy_NULL, HPy_NULL, HPy_NULL, HPy_NULL, HPy_NULL };
    HPy names[3] = { HPy_NULL, HPy_NULL, HPy_NULL };
    const char *kw[3] = { "rename", "defaults", "module" };
    int i;

    collections = HPyImport_ImportModule(ctx, "collections");
    if (HPy_IsNull(collections))
        return HPy_NULL;
    namedtuple = HPy_GetAttr_s(ctx, collections, "namedtuple");
    HPy_Close(ctx, collections);
    if (HPy_IsNull(namedtuple))
        return HPy_NULL;

    argv[0] = HPyUnicode_FromString(ctx, typename_);
    argv[1] = HPy_IsNull(argv[0]) ? HPy_NULL : tuple_of(ctx, n, fields);
    argv[2] = HPy_Dup(ctx, ctx->h_True);
    argv[3] = HPy_IsNull(argv[1]) ? HPy_NULL : tuple_of(ctx, n, NULL);
    if (HPy_IsNull(argv[3]))
        goto done;
    if (module != NULL) {
        /* the module part of "pkg.mod.Name": decode just its bytes */
        HPy bytes = HPyBytes_FromStringAndSize(ctx, module, module_len);
        if (HPy_IsNull(bytes))
            goto done;
        argv[4] = HPyUnicode_FromEncodedObject(ctx, bytes, "utf-8", "strict");
        HPy_Close(ctx, bytes);
    } else {
        /* a name without a dot belongs to builtins, as in CPython */
        argv[4] = HPyUnicode_FromString(ctx, "builtins");
    }
    if (HPy_IsNull(argv[4]))
        goto done;
    for (i = 0; i < 3; i++) {
        names[i] = HPyUnicode_FromString(ctx, kw[i]);
        if (HPy_IsNull(names[i]))
            goto done;
    }
    kwnames = HPyTuple_FromArray(ctx, names, 3);
    if (HPy_IsNull(kwnames))
        goto done;
    result = HPy_Call(ctx, namedtuple, argv, 2, kwnames);

done:
    HPy_Close(ctx, namedtuple);
    for (i = 0; i < 5; i++)
        if (!HPy_IsNull(argv[i]))
            HPy_Close(ctx, argv[i]);
    for (i = 0; i < 3; i++)
        if (!HPy_IsNull(names[i]))
            HPy_Close(ctx, names[i]);
    if (!HPy_IsNull(kwnames))
        HPy_Close(ctx, kwnames);
    return result;
}

/* Attach the descriptor's field docstrings to the field accessors. */
static int set_field_docs(HPyContext *ctx, HPy type, HPy_ssize_t n,
                          const HPyStructSequence_Field *fields)
{
    HPy names = HPy_NULL;
    HPy_ssize_t i;
    int rc = 0;
    for (i = 0; i < n && rc == 0; i++) {
        HPy name, accessor;
        if (fields[i].doc == NULL)
            continue;
        /* the accessor's name may have been changed by rename=True */
        if (HPy_IsNull(names)) {
            names = HPy_GetAttr_s(ctx, type, "_fields");
            if (HPy_IsNull(names))
                return -1;
        }
        name = HPy_GetItem_i(ctx, names, i);
        if (HPy_IsNull(name)) {
            rc = -1;
            break;
        }
        accessor = HPy_GetAttr(ctx, type, name);
        HPy_Close(ctx, name);
        if (HPy_IsNull(accessor)) {
            rc = -1;
            break;
        }
        rc = set_doc(ctx, accessor, fields[i].doc);
        HPy_Close(ctx, accessor);
    }
    if (!HPy_IsNull(names))
        HPy_Close(ctx, names);
    return rc;
}

HPyAPI_HELPER HPy
HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc)
{
    HPy_ssize_t n = 0, unnamed = 0;
    const char *dot, *typename_;
    HPy type;

    if (desc == NULL || desc->name == NULL || desc->fields == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         "HPyStructSequence_NewType: the descriptor needs a name and a "
                         "field list");
        return HPy_NULL;
    }
    for (n = 0; desc->fields[n].name != NULL; n++)
        unnamed += is_unnamed(desc->fields[n].name);

    dot = strrchr(desc->name, '.');
    typename_ = dot != NULL ? dot + 1 : desc->name;
    type = make_namedtuple(ctx, typename_, dot != NULL ? desc->name : NULL,
                           dot != NULL ? (HPy_ssize_t)(dot - desc->name) : 0,
                           n, desc->fields);
    if (HPy_IsNull(type))
        return HPy_NULL;
    if (set_doc(ctx, type, desc->doc) < 0 ||
        set_int_attr(ctx, type, "n_fields", n) < 0 ||
        set_int_attr(ctx, type, "n_sequence_fields", n) < 0 ||
        set_int_attr(ctx, type, "n_unnamed_fields", unnamed) < 0 ||
        set_field_docs(ctx, type, n, desc->fields) < 0) {
        HPy_Close(ctx, type);
        return HPy_NULL;
    }
    return type;
}

HPyAPI_HELPER HPy
HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args)
{
    HPy h_n;
    HPy_ssize_t n = -1;

    if (HPy_TypeCheck(ctx, type, ctx->h_TypeType)) {
        h_n = HPy_GetAttr_s(ctx, type, "n_fields");
        if (HPy_IsNull(h_n)) {
            HPyErr_Clear(ctx);
        } else {
            n = HPyLong_AsSsize_t(ctx, h_n);
            HPy_Close(ctx, h_n);
            if (n < 0)
                HPyErr_Clear(ctx);
        }
    }
    if (n < 0)
        return HPyErr_Format(ctx, ctx->h_TypeError,
                             "%R is not a struct sequence type", type);
    if (nargs != n)
        return HPyErr_Format(ctx, ctx->h_TypeError,
                             "%R takes exactly %zd values (%zd given)", type, n, nargs);
    return HPy_Call(ctx, type, args, (size_t)nargs, HPy_NULL);
}
