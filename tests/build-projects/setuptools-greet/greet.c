/* greet: a one-function extension built by a setuptools project. */
#include "hpy.h"

HPyDef_METH(hello, "hello", HPyFunc_O, .doc = "hello(name) -> 'hello, NAME'")
static HPy hello_impl(HPyContext *ctx, HPy self, HPy name)
{
    (void)self;
    return HPyUnicode_FromFormat(ctx, "hello, %S", name);
}

static HPyDef *defines[] = { &hello, NULL };
static HPyModuleDef moddef = { .doc = "A tiny setuptools-built Hilt extension.", .defines = defines };

HPy_MODINIT(greet, moddef)
