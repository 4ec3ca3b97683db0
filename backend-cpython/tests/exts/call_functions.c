/* Callable instances: HPy_tp_call, an explicit __vectorcalloffset__ member,
   and HPy_SetCallFunction choosing a call function per instance. */
#include "hpy.h"

/* ---- Adder: HPy_tp_call; the call returns (nargs, keyword names) ---- */
typedef struct { long base; } AdderObject;
HPyType_HELPERS(AdderObject)

HPyDef_SLOT(Adder_call, HPy_tp_call)
static HPy Adder_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    long total = AdderObject_AsStruct(ctx, self)->base;
    size_t i;
    for (i = 0; i < nargs; i++) {
        long v = HPyLong_AsLong(ctx, args[i]);
        if (v == -1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
        total += v;
    }
    if (!HPy_IsNull(kwnames))
        return HPy_BuildValue(ctx, "(lO)", total, kwnames);
    return HPyLong_FromLong(ctx, total);
}

HPyDef_SLOT(Adder_new, HPy_tp_new)
static HPy Adder_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    AdderObject *a;
    long base = 0;
    HPy h;
    (void)kw;
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "|l", &base))
        return HPy_NULL;
    h = HPy_New(ctx, cls, &a);
    if (!HPy_IsNull(h))
        a->base = base;
    return h;
}

static HPyDef *Adder_defines[] = {&Adder_call, &Adder_new, NULL};
static HPyType_Spec Adder_spec = {
    .name = "call_functions.Adder",
    .basicsize = sizeof(AdderObject),
    .builtin_shape = SHAPE(AdderObject),
    .defines = Adder_defines,
};

/* ---- Greeter: explicit offset; HPy_SetCallFunction picks per instance ---- */
typedef struct {
    void *before;
    HPyCallFunction call_func;
    void *after;
} GreeterObject;
HPyType_HELPERS(GreeterObject)

HPyDef_MEMBER(Greeter_vcall, "__vectorcalloffset__", HPyMember_HPYSSIZET,
              offsetof(GreeterObject, call_func), .readonly = 1)

HPyDef_CALL_FUNCTION(greet_hello)
static HPy greet_hello_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)callable; (void)args; (void)nargs; (void)kwnames;
    return HPyUnicode_FromString(ctx, "hello");
}

HPyDef_CALL_FUNCTION(greet_count)
static HPy greet_count_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)callable; (void)args; (void)kwnames;
    return HPyLong_FromSize_t(ctx, nargs);
}

HPyDef_SLOT(Greeter_new, HPy_tp_new)
static HPy Greeter_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    GreeterObject *g;
    HPy h = HPy_New(ctx, cls, &g);
    (void)kw;
    if (HPy_IsNull(h))
        return HPy_NULL;
    if (HPy_SetCallFunction(ctx, h, nargs > 0 ? &greet_count : &greet_hello) < 0) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    (void)args;
    return h;
}

static HPyDef *Greeter_defines[] = {&Greeter_vcall, &Greeter_new, NULL};
static HPyType_Spec Greeter_spec = {
    .name = "call_functions.Greeter",
    .basicsize = sizeof(GreeterObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_VECTORCALL,
    .builtin_shape = SHAPE(GreeterObject),
    .defines = Greeter_defines,
};

/* ---- Plain: no room for a call function ---- */
typedef struct { long x; } PlainObject;
static HPyType_Spec Plain_spec = {.name = "call_functions.Plain", .basicsize = sizeof(PlainObject)};

HPyDef_METH(cf_set_on, "set_call_function_on", HPyFunc_O)
static HPy cf_set_on_impl(HPyContext *ctx, HPy self, HPy obj)
{
    (void)self;
    if (HPy_SetCallFunction(ctx, obj, &greet_hello) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_SLOT(cf_exec, HPy_mod_exec)
static int cf_exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Adder", &Adder_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Greeter", &Greeter_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Plain", &Plain_spec, NULL))
        return -1;
    return 0;
}

static HPyDef *defines[] = {&cf_set_on, &cf_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(call_functions, moduledef)
