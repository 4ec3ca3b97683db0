/* Types of the builtin shapes Float, List and Dict: instances are real
   floats/lists/dicts with an extension struct after the builtin part. */
#define HILT_TARGET_ABI_MINOR 1
#include "hpy.h"

typedef struct { long tag; } TaggedList;
HPyType_HELPERS(TaggedList, HPyType_BuiltinShape_List)
typedef struct { long tag; } TaggedDict;
HPyType_HELPERS(TaggedDict, HPyType_BuiltinShape_Dict)
typedef struct { long tag; } TaggedFloat;
HPyType_HELPERS(TaggedFloat, HPyType_BuiltinShape_Float)

#define TAGGED_TYPE(NAME, STRUCT, SHAPE_)                                            \
    HPyDef_SLOT(NAME##_new, HPy_tp_new)                                              \
    static HPy NAME##_new_impl(HPyContext *ctx, HPy cls, const HPy *args,             \
                               HPy_ssize_t nargs, HPy kw)                            \
    {                                                                                \
        STRUCT *data;                                                                \
        long tag = 0;                                                                \
        HPy h;                                                                       \
        (void)kw;                                                                    \
        if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "|l", &tag))               \
            return HPy_NULL;                                                         \
        h = HPy_New(ctx, cls, &data);                                                \
        if (!HPy_IsNull(h))                                                          \
            data->tag = tag;                                                         \
        return h;                                                                    \
    }                                                                                \
    /* list/dict.__init__ would take the tag for its contents: accept it. */    \
    HPyDef_SLOT(NAME##_init, HPy_tp_init)                                            \
    static int NAME##_init_impl(HPyContext *ctx, HPy self, const HPy *args,          \
                                HPy_ssize_t nargs, HPy kw)                           \
    {                                                                                \
        (void)ctx; (void)self; (void)args; (void)nargs; (void)kw;                    \
        return 0;                                                                    \
    }                                                                                \
    HPyDef_GET(NAME##_tag, "tag")                                                    \
    static HPy NAME##_tag_get(HPyContext *ctx, HPy self, void *closure)               \
    {                                                                                \
        (void)closure;                                                               \
        return HPyLong_FromLong(ctx, STRUCT##_AsStruct(ctx, self)->tag);             \
    }                                                                                \
    static HPyDef *NAME##_defines[] = {&NAME##_new, &NAME##_init, &NAME##_tag, NULL};              \
    static HPyType_Spec NAME##_spec = {                                              \
        .name = "shapes." #NAME,                                                     \
        .basicsize = sizeof(STRUCT),                                                 \
        .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,                         \
        .builtin_shape = SHAPE_,                                                     \
        .defines = NAME##_defines,                                                   \
    };

TAGGED_TYPE(TList, TaggedList, SHAPE(TaggedList))
TAGGED_TYPE(TDict, TaggedDict, SHAPE(TaggedDict))
TAGGED_TYPE(TFloat, TaggedFloat, SHAPE(TaggedFloat))

static HPyType_Spec BadBase_spec = {
    .name = "shapes.BadBase",
    .basicsize = sizeof(TaggedList),
    .builtin_shape = HPyType_BuiltinShape_List,
};

HPyDef_METH(sh_make_bad_base, "make_list_shape_on_dict_base", HPyFunc_NOARGS)
static HPy sh_make_bad_base_impl(HPyContext *ctx, HPy self)
{
    HPyType_SpecParam params[] = {{HPyType_SpecParam_Base, ctx->h_DictType}, {(HPyType_SpecParam_Kind)0, HPy_NULL}};
    (void)self;
    return HPyType_FromSpec(ctx, &BadBase_spec, params);
}

HPyDef_SLOT(sh_exec, HPy_mod_exec)
static int sh_exec_impl(HPyContext *ctx, HPy module)
{
    HPyType_SpecParam list_base[] = {{HPyType_SpecParam_Base, ctx->h_ListType}, {(HPyType_SpecParam_Kind)0, HPy_NULL}};
    if (!HPyHelpers_AddType(ctx, module, "TList", &TList_spec, list_base) ||
        !HPyHelpers_AddType(ctx, module, "TDict", &TDict_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "TFloat", &TFloat_spec, NULL))
        return -1;
    return 0;
}

static HPyDef *defines[] = {&sh_make_bad_base, &sh_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(shapes, moduledef)
