/* adder: two sources and the helper runtime (HPyArg_Parse), built with
   `python -m hilt build adder.c twice.c -o adder.hpy0.so`. */
#include "hpy.h"

long twice(long x);   /* twice.c */

HPyDef_METH(add, "add", HPyFunc_VARARGS, .doc = "add(a, b) -> a + b, or twice that with TWICE")
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll", &a, &b))
        return HPy_NULL;
#ifdef TWICE
    return HPyLong_FromLong(ctx, twice(a + b));
#else
    return HPyLong_FromLong(ctx, a + b);
#endif
}

static HPyDef *defines[] = { &add, NULL };
static HPyModuleDef moddef = { .doc = "Adds two integers.", .defines = defines };

HPy_MODINIT(adder, moddef)
