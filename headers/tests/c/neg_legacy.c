/* Universal build that calls the legacy bridge: must fail to compile (at any
   -O level) with "available only with -DHPY_ABI_HYBRID". */
#include "hpy.h"

HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_FromPyObject(ctx, HPy_AsPyObject(ctx, arg));
}
