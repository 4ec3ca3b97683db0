/* Built two ways for the VM's refusal tests: with -DCALLS_CAPI it calls a
   CPython C-API function (as a hybrid or legacy build does), so its
   shared object has an undefined Py* symbol; with -DLEGACY_METHODS its
   module definition carries legacy methods. Module name: needs_cpython. */
#include "hpy.h"

#ifdef CALLS_CAPI
extern void *PyLong_FromLong(long);
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return PyLong_FromLong(1) ? HPy_Dup(ctx, ctx->h_None) : HPy_NULL;
}
static HPyDef *defines[] = {&f, NULL};
static HPyModuleDef moduledef = {.defines = defines};
#else
static char not_really_methods[64];
static HPyModuleDef moduledef = {.legacy_methods = (cpy_PyMethodDef *)not_really_methods};
#endif

HPy_MODINIT(needs_cpython, moduledef)
