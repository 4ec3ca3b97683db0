/* The HPy side of the call benchmark: the same functions and type as
   bench_capi.c, written against the HPy API. Each does as little work as
   possible so the numbers measure the call path. */
#include "hpy.h"

typedef struct {
    long x;
    long n;
} PointObject;

HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    PointObject *p;
    HPy h = HPy_New(ctx, cls, &p);
    (void)args; (void)nargs; (void)kw;
    if (!HPy_IsNull(h)) {
        p->x = 7;
        p->n = 3;
    }
    return h;
}

HPyDef_SLOT(Point_len, HPy_mp_length)
static HPy_ssize_t Point_len_impl(HPyContext *ctx, HPy self)
{
    return PointObject_AsStruct(ctx, self)->n;
}

HPyDef_SLOT(Point_getitem, HPy_mp_subscript)
static HPy Point_getitem_impl(HPyContext *ctx, HPy self, HPy key)
{
    (void)self;
    return HPy_Dup(ctx, key);
}

HPyDef_MEMBER(Point_x, "x", HPyMember_LONG, offsetof(PointObject, x))

HPyDef_METH(Point_norm, "norm", HPyFunc_NOARGS)
static HPy Point_norm_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *Point_defines[] = {&Point_new, &Point_len, &Point_getitem, &Point_x, &Point_norm, NULL};
static HPyType_Spec Point_spec = {
    .name = "bench_hpy.Point",
    .basicsize = sizeof(PointObject),
    .builtin_shape = SHAPE(PointObject),
    .defines = Point_defines,
};

HPyDef_METH(noargs, "noargs", HPyFunc_NOARGS)
static HPy noargs_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(onearg, "onearg", HPyFunc_O)
static HPy onearg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(varargs, "varargs", HPyFunc_VARARGS)
static HPy varargs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)args; (void)nargs;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(keywords, "keywords", HPyFunc_KEYWORDS)
static HPy keywords_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_SLOT(bench_exec, HPy_mod_exec)
static int bench_exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Point", &Point_spec, NULL) ? 0 : -1;
}

static HPyDef *defines[] = {&noargs, &onearg, &varargs, &keywords, &bench_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(bench_hpy, moduledef)
