/* A small universal-ABI extension compiled twice by the interop test: once
   with HPy 0.9.0's own headers and toolchain, once with Hilt's. Both binaries
   must export the same symbols and carry the same definitions. The type spec
   is exported (not static) so the test can decode it too. */
#include "hpy.h"

typedef struct {
    long x;
    long y;
    HPyField tag;
} PointObject;

HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long x = 0, y = 0;
    PointObject *p;
    HPy h;
    (void)kw;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|ll", &x, &y))
        return HPy_NULL;
    h = HPy_New(ctx, cls, &p);
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = x;
    p->y = y;
    p->tag = HPyField_NULL;
    return h;
}

HPyDef_SLOT(Point_repr, HPy_tp_repr)
static HPy Point_repr_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyUnicode_FromFormat(ctx, "Point(%ld, %ld)", p->x, p->y);
}

HPyDef_SLOT(Point_add, HPy_nb_add)
static HPy Point_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    PointObject *pa = PointObject_AsStruct(ctx, a);
    PointObject *pb = PointObject_AsStruct(ctx, b);
    return HPyLong_FromLong(ctx, pa->x + pb->x + pa->y + pb->y);
}

HPyDef_SLOT(Point_traverse, HPy_tp_traverse)
static int Point_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    PointObject *p = (PointObject *)self;
    HPy_VISIT(&p->tag);
    return 0;
}

HPyDef_MEMBER(Point_x, "x", HPyMember_LONG, offsetof(PointObject, x), .doc = "the x coordinate")
HPyDef_MEMBER(Point_y, "y", HPyMember_LONG, offsetof(PointObject, y), .readonly = 1)

HPyDef_GETSET(Point_tag, "tag", .doc = "a stored object")
static HPy Point_tag_get(HPyContext *ctx, HPy self, void *closure)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    (void)closure;
    if (HPyField_IsNull(p->tag))
        return HPy_Dup(ctx, ctx->h_None);
    return HPyField_Load(ctx, self, p->tag);
}
static int Point_tag_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    (void)closure;
    HPyField_Store(ctx, self, &p->tag, value);
    return 0;
}

HPyDef_METH(Point_norm1, "norm1", HPyFunc_NOARGS, .doc = "|x| + |y|")
static HPy Point_norm1_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyLong_FromLong(ctx, labs(p->x) + labs(p->y));
}

static HPyDef *Point_defines[] = {
    &Point_new, &Point_repr, &Point_add, &Point_traverse,
    &Point_x, &Point_y, &Point_tag, &Point_norm1, NULL
};

HPy_EXPORTED_SYMBOL HPyType_Spec interop_Point_spec = {
    .name = "interop.Point",
    .basicsize = sizeof(PointObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .builtin_shape = SHAPE(PointObject),
    .defines = Point_defines,
    .doc = "A point with a stored tag.",
};

HPyDef_METH(noargs, "noargs", HPyFunc_NOARGS, .doc = "returns 42")
static HPy noargs_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, 42);
}

HPyDef_METH(double_it, "double_it", HPyFunc_O)
static HPy double_it_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Add(ctx, arg, arg);
}

HPyDef_METH(add3, "add3", HPyFunc_VARARGS, .doc = "add3(a, b, c=0)")
static HPy add3_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b, c = 0;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll|l:add3", &a, &b, &c))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, a + b + c);
}

HPyDef_METH(greet, "greet", HPyFunc_KEYWORDS)
static HPy greet_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = {"name", "times", NULL};
    const char *name;
    int times = 1;
    HPyTracker ht;
    HPy result;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "s|i:greet", kwlist, &name, &times))
        return HPy_NULL;
    result = HPy_BuildValue(ctx, "(si)", name, times);
    HPyTracker_Close(ctx, ht);
    return result;
}

static HPyGlobal counter_global;

HPyDef_SLOT(interop_exec, HPy_mod_exec)
static int interop_exec_impl(HPyContext *ctx, HPy module)
{
    HPy zero = HPyLong_FromLong(ctx, 0);
    HPyGlobal_Store(ctx, &counter_global, zero);
    HPy_Close(ctx, zero);
    if (!HPyHelpers_AddType(ctx, module, "Point", &interop_Point_spec, NULL))
        return -1;
    return 0;
}

static HPyDef *module_defines[] = {&interop_exec, &noargs, &double_it, &add3, &greet, NULL};
static HPyGlobal *module_globals[] = {&counter_global, NULL};

static HPyModuleDef moduledef = {
    .doc = "Interop test module: identical when built with HPy or Hilt.",
    .size = 0,
    .defines = module_defines,
    .globals = module_globals,
};

HPy_MODINIT(interop, moduledef)
