/* Calls the legacy bridge, which exists only in hybrid mode: a universal
   build must stop with a clear message. */
#include "hpy.h"

HPyDef_METH(roundtrip, "roundtrip", HPyFunc_O)
static HPy roundtrip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_FromPyObject(ctx, HPy_AsPyObject(ctx, arg));
}

static HPyDef *defines[] = { &roundtrip, NULL };
static HPyModuleDef moddef = { .defines = defines };
HPy_MODINIT(uses_legacy, moddef)
