/* Functions whose handles must all be closed: used by test_leaks.py to run
   a million calls and check that nothing accumulates. */
#include "hpy.h"

typedef struct {
    HPyField item;
} BoxObject;

HPyType_HELPERS(BoxObject)

HPyDef_SLOT(Box_new, HPy_tp_new)
static HPy Box_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    BoxObject *b;
    HPy h = HPy_New(ctx, cls, &b);
    (void)kw;
    if (!HPy_IsNull(h) && nargs == 1)
        HPyField_Store(ctx, h, &b->item, args[0]);
    return h;
}

HPyDef_SLOT(Box_traverse, HPy_tp_traverse)
static int Box_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((BoxObject *)self)->item);
    return 0;
}

HPyDef_METH(Box_get, "get", HPyFunc_NOARGS)
static HPy Box_get_impl(HPyContext *ctx, HPy self)
{
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    if (HPyField_IsNull(b->item))
        return HPy_Dup(ctx, ctx->h_None);
    return HPyField_Load(ctx, self, b->item);
}

/* b.get_or(default=None): the item, or default when there is none. */
HPyDef_METH(Box_get_or, "get_or", HPyFunc_KEYWORDS)
static HPy Box_get_or_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = {"default", NULL};
    HPy dflt = ctx->h_None, r;
    HPyTracker ht;
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "|O", kwlist, &dflt))
        return HPy_NULL;
    /* The tracker owns dflt: take the result before closing it. */
    r = HPyField_IsNull(b->item) ? HPy_Dup(ctx, dflt) : HPyField_Load(ctx, self, b->item);
    HPyTracker_Close(ctx, ht);
    return r;
}

static HPyDef *Box_defines[] = {&Box_new, &Box_traverse, &Box_get, &Box_get_or, NULL};
static HPyType_Spec Box_spec = {
    .name = "leak_check.Box",
    .basicsize = sizeof(BoxObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC | HPy_TPFLAGS_BASETYPE, /* run_jit_calls.py subclasses it */
    .builtin_shape = SHAPE(BoxObject),
    .defines = Box_defines,
};

HPyDef_METH(lc_echo, "echo", HPyFunc_O)
static HPy lc_echo_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(lc_pair, "pair", HPyFunc_VARARGS)
static HPy lc_pair_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2)
        return HPyErr_SetString(ctx, ctx->h_TypeError, "pair() takes 2 arguments");
    return HPyTuple_Pack(ctx, 2, args[0], args[1]);
}

HPyDef_SLOT(lc_exec, HPy_mod_exec)
static int lc_exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Box", &Box_spec, NULL) ? 0 : -1;
}

static HPyDef *defines[] = {&lc_echo, &lc_pair, &lc_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(leak_check, moduledef)
