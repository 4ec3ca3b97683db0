/*
 * api_minor1.c -- the ten context members of ABI minor 1.
 *
 * Build with -DHILT_TARGET_ABI_MINOR=1: the module then reports minor 1 from
 * get_required_hpy_minor_version_api_minor1(), and only loaders offering
 * minor 1 accept it.  Without that macro the headers stay at minor 0, where
 * these functions and ctx->h_DictType do not exist, so this file must FAIL to
 * compile (e.g. "implicit declaration of function 'HPyList_Insert'" in C,
 * "'HPyList_Insert' was not declared in this scope" in C++, and "has no
 * member named 'h_DictType'"); the #error below makes that failure explicit.
 */
#include "hpy.h"

#if HPY_ABI_VERSION_MINOR < 1
#  error "api_minor1.c needs -DHILT_TARGET_ABI_MINOR=1 (expected failure without it)"
#endif

/* A dict subclass's C struct: its accessor is the minor-1 _HPy_AsStruct_Dict. */
typedef struct { long hits; } DictExt;
HPyType_HELPERS(DictExt, HPyType_BuiltinShape_Dict)

HPyDef_METH(use_minor1, "use_minor1", HPyFunc_O)
static HPy use_minor1_impl(HPyContext *ctx, HPy self, HPy seq)
{
    HPy dict_type = ctx->h_DictType;
    HPy part, it, item, start, stop, slice;
    long count = 0;
    DictExt *ext = NULL;

    if (HPy_TypeCheck(ctx, self, dict_type))
        ext = DictExt_AsStruct(ctx, self);
    (void)_HPy_AsStruct_Dict(ctx, self);          /* the same, named directly */

    if (HPyList_Insert(ctx, seq, 0, ctx->h_None) < 0)
        return HPy_NULL;
    part = HPy_GetSlice(ctx, seq, 0, 2);
    if (HPy_IsNull(part))
        return HPy_NULL;
    if (HPy_SetSlice(ctx, seq, 0, 1, part) < 0 ||
        HPy_DelSlice(ctx, seq, 0, 1) < 0) {
        HPy_Close(ctx, part);
        return HPy_NULL;
    }
    HPy_Close(ctx, part);

    it = HPy_GetIter(ctx, seq);
    if (HPy_IsNull(it) || !HPyIter_Check(ctx, it))
        return HPy_NULL;
    while (!HPy_IsNull(item = HPyIter_Next(ctx, it))) {
        count++;
        HPy_Close(ctx, item);
    }
    HPy_Close(ctx, it);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (ext != NULL)
        ext->hits = count;

    start = HPyLong_FromLong(ctx, 0);
    stop = HPyLong_FromLong(ctx, count);
    slice = HPySlice_New(ctx, start, stop, ctx->h_None);
    HPy_Close(ctx, start);
    HPy_Close(ctx, stop);
    return slice;
}

static HPyDef *module_defines[] = { &use_minor1, NULL };
static HPyModuleDef moduledef = { .defines = module_defines };

HPy_MODINIT(api_minor1, moduledef)
