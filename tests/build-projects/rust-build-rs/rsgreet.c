/* rsgreet: built by a Cargo build script (hilt-build). */
#include "hpy.h"

HPyDef_METH(triple, "triple", HPyFunc_O, .doc = "triple(n) -> n * RSGREET_FACTOR")
static HPy triple_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long n;
    (void)self;
    n = HPyLong_AsLong(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, n * RSGREET_FACTOR);
}

static HPyDef *defines[] = { &triple, NULL };
static HPyModuleDef moddef = { .doc = "Built with hilt-build.", .defines = defines };

HPy_MODINIT(rsgreet, moddef)
