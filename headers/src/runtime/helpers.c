/*
 * HPyHelpers_AddType and HPyHelpers_PackArgsAndKeywords: small conveniences
 * over the public API, compiled into every extension.
 */
#include "hpy.h"

HPyAPI_HELPER int
HPyHelpers_AddType(HPyContext *ctx, HPy obj, const char *name,
                   HPyType_Spec *hpyspec, HPyType_SpecParam *params)
{
    HPy type = HPyType_FromSpec(ctx, hpyspec, params);
    int rc;
    if (HPy_IsNull(type))
        return 0;
    rc = HPy_SetAttr_s(ctx, obj, name, type);
    /* the attribute now holds the type; our handle is no longer needed */
    HPy_Close(ctx, type);
    return rc == 0;
}

/* A dict mapping kwnames[i] to values[i]. */
static HPy keywords_to_dict(HPyContext *ctx, const HPy *values, HPy kwnames,
                            HPy_ssize_t n)
{
    HPy dict = HPyDict_New(ctx);
    HPy_ssize_t i;
    if (HPy_IsNull(dict))
        return HPy_NULL;
    for (i = 0; i < n; i++) {
        HPy key = HPy_GetItem_i(ctx, kwnames, i);
        int rc;
        if (HPy_IsNull(key))
            goto fail;
        rc = HPy_SetItem(ctx, dict, key, values[i]);
        HPy_Close(ctx, key);
        if (rc < 0)
            goto fail;
    }
    return dict;
fail:
    HPy_Close(ctx, dict);
    return HPy_NULL;
}

HPyAPI_HELPER int
HPyHelpers_PackArgsAndKeywords(HPyContext *ctx, const HPy *args, size_t nargs,
                               HPy kwnames, HPy *out_args_tuple, HPy *out_kwd)
{
    HPy tuple = HPy_NULL, dict = HPy_NULL;
    HPy_ssize_t nkw = 0;

    if (out_args_tuple == NULL || out_kwd == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         "HPyHelpers_PackArgsAndKeywords: the output pointers must not be NULL");
        return 0;
    }
    if (!HPy_IsNull(kwnames)) {
        nkw = HPy_Length(ctx, kwnames);
        if (nkw < 0)
            return 0;
    }
    if (nkw > 0) {
        dict = keywords_to_dict(ctx, args + nargs, kwnames, nkw);
        if (HPy_IsNull(dict))
            return 0;
    }
    if (nargs > 0) {
        /* HPyTuple_FromArray only reads the array; its parameter is not const */
        tuple = HPyTuple_FromArray(ctx, (HPy *)args, (HPy_ssize_t)nargs);
        if (HPy_IsNull(tuple)) {
            if (!HPy_IsNull(dict))
                HPy_Close(ctx, dict);
            return 0;
        }
    }
    /* outputs are written only on success; empty parts stay HPy_NULL */
    *out_args_tuple = tuple;
    *out_kwd = dict;
    return 1;
}
