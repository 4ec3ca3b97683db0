/*
 * hpytype.h -- type flags, the HPyType_HELPERS macro, and the mapping from a
 * type's builtin shape to the function that finds its C struct.
 *
 * HPyType_Spec, HPyType_SpecParam and the HPyType_BuiltinShape enum are ABI
 * and come from the generated autogen_abi_types.h.
 */
#ifndef HILT_HPY_HPYTYPE_H
#define HILT_HPY_HPYTYPE_H

/* HPy 0.9 spelling of "unused static inline", used by HPyType_HELPERS. */
#define HPyAPI_UNUSED _HPy_UNUSED static inline

/*
 * A vectorcall implementation stored with a type.  Not referenced by any
 * 0.9 API function, kept because extensions may name it.
 */
typedef struct {
    cpy_vectorcallfunc cpy_trampoline;
    HPyCallFunction impl;
} HPyType_Vectorcall;

/* ---- Type flags (same bits as CPython's Py_TPFLAGS_*) ------------------- */

/* Every HPy type is a heap type, and CPython wants the version tag bit. */
#define _Py_TPFLAGS_HEAPTYPE (1UL << 9)
#define _Py_TPFLAGS_HAVE_VERSION_TAG (1UL << 18)
#define HPy_TPFLAGS_DEFAULT (_Py_TPFLAGS_HEAPTYPE | _Py_TPFLAGS_HAVE_VERSION_TAG)

/* The type may be subclassed. */
#define HPy_TPFLAGS_BASETYPE (1UL << 10)
/* Instances are callable through vectorcall (PEP 590). */
#define HPy_TPFLAGS_HAVE_VECTORCALL (1UL << 11)
/* Instances take part in cyclic GC: they have HPyFields and tp_traverse. */
#define HPy_TPFLAGS_HAVE_GC (1UL << 14)

/* ---- Shape -> struct accessor ------------------------------------------ */

/*
 * Where an instance's C struct lives depends on what the type inherits
 * from; each builtin shape has its own context function.
 */
#define HPyType_BuiltinShape_Legacy_AsStruct  _HPy_AsStruct_Legacy
#define HPyType_BuiltinShape_Object_AsStruct  _HPy_AsStruct_Object
#define HPyType_BuiltinShape_Type_AsStruct    _HPy_AsStruct_Type
#define HPyType_BuiltinShape_Long_AsStruct    _HPy_AsStruct_Long
#define HPyType_BuiltinShape_Float_AsStruct   _HPy_AsStruct_Float
#define HPyType_BuiltinShape_Unicode_AsStruct _HPy_AsStruct_Unicode
#define HPyType_BuiltinShape_Tuple_AsStruct   _HPy_AsStruct_Tuple
#define HPyType_BuiltinShape_List_AsStruct    _HPy_AsStruct_List
/* The dict shape's accessor arrived with ABI minor 1; below that, name the
   fix in the identifier the compiler will report as undeclared. */
#if HPY_ABI_VERSION_MINOR >= 1
#  define HPyType_BuiltinShape_Dict_AsStruct  _HPy_AsStruct_Dict
#else
#  define HPyType_BuiltinShape_Dict_AsStruct  \
       _HPy_AsStruct_Dict__needs__DHILT_TARGET_ABI_MINOR_1
#endif

/* ---- HPyType_HELPERS ----------------------------------------------------- */

/*
 * HPyType_HELPERS(TYPE [, SHAPE]) for a C struct TYPE of instances defines
 *   - `TYPE *TYPE_AsStruct(HPyContext *ctx, HPy h)`, the typed accessor,
 *   - `TYPE_SHAPE`, a constant used by SHAPE(TYPE) in the type's spec:
 *     `.builtin_shape = SHAPE(TYPE)`.
 * SHAPE is a HPyType_BuiltinShape enumerator and defaults to
 * HPyType_BuiltinShape_Object.  The optional argument is handled by always
 * appending the default and letting the inner macros ignore the extra one.
 */
#define HPyType_HELPERS(...)                                                 \
    _HILT_EXPAND(_HILT_TYPE_HELPERS(__VA_ARGS__, HPyType_BuiltinShape_Object, ))

#define _HILT_TYPE_HELPERS(TYPE, SHAPE_, ...)                                \
    _HILT_SHAPE_CONSTANT(TYPE, SHAPE_)                                       \
    HPyAPI_UNUSED TYPE *TYPE##_AsStruct(HPyContext *ctx, HPy h)              \
    {                                                                        \
        return (TYPE *)_HILT_SHAPE_ACCESSOR(SHAPE_)(ctx, h);                 \
    }

/* In C an enumerator is the only constant usable in static initializers.
   C++ does not convert it implicitly to HPyType_BuiltinShape, so there the
   constant has the enum's own type and `.builtin_shape = TYPE_SHAPE` works
   as well as SHAPE(TYPE). */
#ifdef __cplusplus
#  define _HILT_SHAPE_CONSTANT(TYPE, SHAPE_)                                 \
       static constexpr HPyType_BuiltinShape TYPE##_SHAPE = SHAPE_;
#else
#  define _HILT_SHAPE_CONSTANT(TYPE, SHAPE_)                                 \
       enum { TYPE##_SHAPE = (int)SHAPE_ };
#endif

/* One more level so that SHAPE_ is expanded before pasting. */
#define _HILT_SHAPE_ACCESSOR(SHAPE_) _HILT_SHAPE_ACCESSOR2(SHAPE_)
#define _HILT_SHAPE_ACCESSOR2(SHAPE_) SHAPE_##_AsStruct

/* For types whose struct starts with PyObject_HEAD (hybrid extensions). */
#define HPyType_LEGACY_HELPERS(TYPE)                                         \
    HPyType_HELPERS(TYPE, HPyType_BuiltinShape_Legacy)

/* The shape recorded by HPyType_HELPERS, for HPyType_Spec.builtin_shape. */
#define SHAPE(TYPE) ((HPyType_BuiltinShape)TYPE##_SHAPE)

#endif /* HILT_HPY_HPYTYPE_H */
