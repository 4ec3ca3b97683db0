/* Types of every builtin shape: instances are real ints/floats/strs/
   tuples/lists/dicts/types with an extension struct beside the builtin part,
   and a type whose metaclass is one of them. */
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

/* Shapes whose instances are made by the builtin's own tp_new (int(x),
   tuple(it), str(x)); the tag is reached through a getset because the
   payload of an int or tuple moves with its item count. */
typedef struct { long tag; } TaggedLong;
HPyType_HELPERS(TaggedLong, HPyType_BuiltinShape_Long)
typedef struct { long tag; HPyField extra; } TaggedTuple;
HPyType_HELPERS(TaggedTuple, HPyType_BuiltinShape_Tuple)
typedef struct { long tag; } TaggedStr;
HPyType_HELPERS(TaggedStr, HPyType_BuiltinShape_Unicode)
typedef struct { long tag; } MetaData;
HPyType_HELPERS(MetaData, HPyType_BuiltinShape_Type)

#define TAG_GETSET(NAME, STRUCT)                                                     \
    HPyDef_GETSET(NAME##_tag, "tag")                                                 \
    static HPy NAME##_tag_get(HPyContext *ctx, HPy self, void *closure)              \
    {                                                                                \
        (void)closure;                                                               \
        return HPyLong_FromLong(ctx, STRUCT##_AsStruct(ctx, self)->tag);             \
    }                                                                                \
    static int NAME##_tag_set(HPyContext *ctx, HPy self, HPy value, void *closure)   \
    {                                                                                \
        long v = HPyLong_AsLong(ctx, value);                                         \
        (void)closure;                                                               \
        if (v == -1 && HPyErr_Occurred(ctx))                                         \
            return -1;                                                               \
        STRUCT##_AsStruct(ctx, self)->tag = v;                                       \
        return 0;                                                                    \
    }

#define VALUE_TYPE_SPEC(NAME, STRUCT, FLAGS, ...)                                    \
    static HPyDef *NAME##_defines[] = {&NAME##_tag, __VA_ARGS__ NULL};               \
    static HPyType_Spec NAME##_spec = {                                              \
        .name = "shapes." #NAME,                                                     \
        .doc = #NAME " carries a tag",                                               \
        .basicsize = sizeof(STRUCT),                                                 \
        .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE | FLAGS,                 \
        .builtin_shape = SHAPE(STRUCT),                                              \
        .defines = NAME##_defines,                                                   \
    };

TAG_GETSET(TLong, TaggedLong)
VALUE_TYPE_SPEC(TLong, TaggedLong, 0)
TAG_GETSET(TStr, TaggedStr)
VALUE_TYPE_SPEC(TStr, TaggedStr, 0)
TAG_GETSET(Meta, MetaData)
VALUE_TYPE_SPEC(Meta, MetaData, 0)

/* A tuple type that also holds one object in an HPyField. */
TAG_GETSET(TTuple, TaggedTuple)
HPyDef_GETSET(TTuple_extra, "extra")
static HPy TTuple_extra_get(HPyContext *ctx, HPy self, void *closure)
{
    TaggedTuple *t = TaggedTuple_AsStruct(ctx, self);
    (void)closure;
    if (HPyField_IsNull(t->extra))
        return HPy_Dup(ctx, ctx->h_None);
    return HPyField_Load(ctx, self, t->extra);
}
static int TTuple_extra_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)closure;
    HPyField_Store(ctx, self, &TaggedTuple_AsStruct(ctx, self)->extra, value);
    return 0;
}
HPyDef_SLOT(TTuple_traverse, HPy_tp_traverse)
static int TTuple_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((TaggedTuple *)self)->extra);
    return 0;
}
VALUE_TYPE_SPEC(TTuple, TaggedTuple, HPy_TPFLAGS_HAVE_GC, &TTuple_extra, &TTuple_traverse,)

/* A pure type whose metaclass is Meta. */
typedef struct { long value; } WithMetaObject;
HPyType_HELPERS(WithMetaObject)
HPyDef_MEMBER(WithMeta_value, "value", HPyMember_LONG, offsetof(WithMetaObject, value))
HPyDef_METH(WithMeta_double, "double", HPyFunc_NOARGS)
static HPy WithMeta_double_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, 2 * WithMetaObject_AsStruct(ctx, self)->value);
}
static HPyDef *WithMeta_defines[] = {&WithMeta_value, &WithMeta_double, NULL};
static HPyType_Spec WithMeta_spec = {
    .name = "shapes.WithMeta",
    .doc = "a type whose metaclass is shapes.Meta",
    .basicsize = sizeof(WithMetaObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = WithMeta_defines,
};

HPyDef_METH(sh_make_with_metaclass, "make_with_metaclass", HPyFunc_O)
static HPy sh_make_with_metaclass_impl(HPyContext *ctx, HPy self, HPy meta)
{
    HPyType_SpecParam params[] = {{HPyType_SpecParam_Metaclass, meta}, {(HPyType_SpecParam_Kind)0, HPy_NULL}};
    (void)self;
    return HPyType_FromSpec(ctx, &WithMeta_spec, params);
}

HPyDef_METH(sh_new_instance, "new_instance", HPyFunc_O)
static HPy sh_new_instance_impl(HPyContext *ctx, HPy self, HPy type)
{
    void *data;
    (void)self;
    return _HPy_New(ctx, type, &data);
}

/* An int type with a member: refused (the payload moves with the digits). */
static HPyDef *LongWithMember_defines[] = {&WithMeta_value, NULL};
static HPyType_Spec LongWithMember_spec = {
    .name = "shapes.LongWithMember",
    .basicsize = sizeof(TaggedLong),
    .builtin_shape = HPyType_BuiltinShape_Long,
    .defines = LongWithMember_defines,
};

HPyDef_METH(sh_make_long_with_member, "make_long_with_member", HPyFunc_NOARGS)
static HPy sh_make_long_with_member_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyType_FromSpec(ctx, &LongWithMember_spec, NULL);
}

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
    HPyType_SpecParam params[] = {{HPyType_SpecParam_Metaclass, HPy_NULL}, {(HPyType_SpecParam_Kind)0, HPy_NULL}};
    HPy meta;
    int ok;
    if (!HPyHelpers_AddType(ctx, module, "TList", &TList_spec, list_base) ||
        !HPyHelpers_AddType(ctx, module, "TDict", &TDict_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "TFloat", &TFloat_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "TLong", &TLong_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "TStr", &TStr_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "TTuple", &TTuple_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Meta", &Meta_spec, NULL))
        return -1;
    meta = HPy_GetAttr_s(ctx, module, "Meta");
    if (HPy_IsNull(meta))
        return -1;
    params[0].object = meta;
    ok = HPyHelpers_AddType(ctx, module, "WithMeta", &WithMeta_spec, params);
    HPy_Close(ctx, meta);
    return ok ? 0 : -1;
}

static HPyDef *defines[] = {&sh_make_bad_base, &sh_make_with_metaclass, &sh_new_instance,
                            &sh_make_long_with_member, &sh_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(shapes, moduledef)
