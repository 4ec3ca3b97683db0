/* A minimal module for the loading tests: one function, a doc, a global
   and an exec slot. */
#include "hpy.h"

static HPyGlobal answer;

HPyDef_METH(get_answer, "get_answer", HPyFunc_NOARGS, .doc = "the stored answer")
static HPy get_answer_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, answer);
}

HPyDef_SLOT(basic_exec, HPy_mod_exec)
static int basic_exec_impl(HPyContext *ctx, HPy module)
{
    HPy v = HPyLong_FromLong(ctx, 42);
    (void)module;
    if (HPy_IsNull(v))
        return -1;
    HPyGlobal_Store(ctx, &answer, v);
    HPy_Close(ctx, v);
    return 0;
}

static HPyDef *defines[] = {&get_answer, &basic_exec, NULL};
static HPyGlobal *globals[] = {&answer, NULL};
static HPyModuleDef moduledef = {.doc = "loading test module", .defines = defines, .globals = globals};

HPy_MODINIT(loading_basic, moduledef)
