/*
 * hpydef.h -- HPyDef, the unit an extension uses to describe a method, slot,
 * member or get/set descriptor, and the HPyDef_* macros that fill one in.
 *
 * The member structs (HPySlot, HPyMeth, HPyMember, HPyGetSet) come from the
 * generated autogen_abi_types.h, which also forward-declares
 * `typedef struct _HPyDef_s HPyDef;` because HPyType_Spec and HPyModuleDef
 * point to HPyDefs.  The layout below is ABI (HPy 0.9.0's): kind first,
 * then an anonymous union, so that `.meth = {...}` initializers keep working.
 *
 * A macro such as HPyDef_METH(SYM, ...) defines:
 *   - `HPyDef SYM`, a global: not static, so that other files of the
 *     extension may refer to it with `extern HPyDef SYM;`, but hidden from
 *     the dynamic symbol table. (HPy 0.9 exports them; then a definition
 *     named like a libc function, say `dup`, is bound to libc's symbol at
 *     load time. Loaders only reach HPyDefs through HPyInit_<name>.)
 *   - a static CPython trampoline `SYM_trampoline`,
 *   - a forward declaration of `SYM_impl` (`SYM_get`/`SYM_set` for
 *     get/set descriptors), which the extension then defines.
 */
#ifndef HILT_HPY_HPYDEF_H
#define HILT_HPY_HPYDEF_H

/* Anonymous unions are standard in C11 and C++; C99 compilers in the GCC
   family accept them as an extension, which __extension__ acknowledges so
   that -pedantic stays quiet. */
#if defined(__GNUC__) && !defined(__cplusplus)
#  define _HILT_ANONYMOUS_UNION __extension__ union
#else
#  define _HILT_ANONYMOUS_UNION union
#endif

struct _HPyDef_s {
    /* Selects which union member is meaningful. */
    HPyDef_Kind kind;
    _HILT_ANONYMOUS_UNION {
        HPySlot slot;
        HPyMeth meth;
        HPyMember member;
        HPyGetSet getset;
    };
};

/* ---- Plumbing ---------------------------------------------------------- */

/* MSVC's traditional preprocessor passes __VA_ARGS__ on as one argument
   unless it is rescanned through a macro like this one. */
#define _HILT_EXPAND(x) x

/*
 * The user-visible macros take the optional designated initializers
 * (`.doc = ...`) as `...`.  Internally we always forward them followed by an
 * empty argument, so the inner macro's `...` is never empty (ISO C99/C++11
 * require at least one argument there, -Wpedantic warns otherwise) and the
 * initializer list simply ends in a harmless trailing comma.
 */

/* ---- Slots ------------------------------------------------------------- */

/* The HPyFunc_Signature of a slot, e.g. HPySlot_SIG(HPy_nb_add) is
   HPyFunc_BINARYFUNC (via the generated _HPySlot_SIG__* macros). */
#define HPySlot_SIG(SLOT) _HPySlot_SIG__##SLOT

/*
 * HPyDef_SLOT(SYM, SLOT): implement SLOT with `SYM_impl`.
 * The enum makes a misspelt slot fail as "'HPy_tp_foo' undeclared" before
 * the signature lookup produces a less readable error.
 */
#define HPyDef_SLOT(SYM, SLOT) HPyDef_SLOT_IMPL(SYM, SYM##_impl, SLOT)

#define HPyDef_SLOT_IMPL(SYM, IMPL, SLOT)                                    \
    enum { SYM##_slot = SLOT };                                              \
    _HPyDef_SLOT(SYM, IMPL, SLOT, HPySlot_SIG(SLOT))

/* After HPySlot_SIG(SLOT) has been expanded to a signature name. */
#define _HPyDef_SLOT(SYM, IMPL, SLOT, SIG)                                   \
    HPyFunc_DECLARE(IMPL, SIG);                                              \
    HPyFunc_TRAMPOLINE(SYM##_trampoline, IMPL, SIG)                          \
    _HPy_HIDDEN HPyDef SYM = {                                               \
        .kind = HPyDef_Kind_Slot,                                            \
        .slot = {                                                            \
            .slot = SLOT,                                                    \
            .impl = _HILT_FUNC_CAST(HPyCFunction, IMPL),                     \
            .cpy_trampoline =                                                \
                _HILT_FUNC_CAST(cpy_PyCFunction, SYM##_trampoline)           \
        }                                                                    \
    };

/* ---- Methods ----------------------------------------------------------- */

/* HPyDef_METH(SYM, NAME, SIG, [.doc = ...]): a method `NAME` implemented
   by `SYM_impl` with signature SIG (HPyFunc_NOARGS, _O, _VARARGS,
   _KEYWORDS). */
#define HPyDef_METH(SYM, ...)                                                \
    _HILT_EXPAND(_HILT_DEF_METH(SYM, SYM##_impl, __VA_ARGS__, ))

#define HPyDef_METH_IMPL(SYM, ...)                                           \
    _HILT_EXPAND(_HILT_DEF_METH_SWAP(SYM, __VA_ARGS__, ))
/* HPyDef_METH_IMPL takes (SYM, NAME, IMPL, SIG, ...); reorder to the
   (SYM, IMPL, NAME, SIG, ...) form that HPyDef_METH can produce. */
#define _HILT_DEF_METH_SWAP(SYM, NAME, IMPL, ...)                            \
    _HILT_DEF_METH(SYM, IMPL, NAME, __VA_ARGS__)

/* The remaining fields are designated: `.doc` may follow. */
#define _HILT_DEF_METH(SYM, IMPL, NAME, SIG, ...)                            \
    HPyFunc_DECLARE(IMPL, SIG);                                              \
    HPyFunc_TRAMPOLINE(SYM##_trampoline, IMPL, SIG)                          \
    _HPy_HIDDEN HPyDef SYM = {                                               \
        .kind = HPyDef_Kind_Meth,                                            \
        .meth = {                                                            \
            .name = NAME,                                                    \
            .impl = _HILT_FUNC_CAST(HPyCFunction, IMPL),                     \
            .cpy_trampoline =                                                \
                _HILT_FUNC_CAST(cpy_PyCFunction, SYM##_trampoline),          \
            .signature = SIG,                                                \
            __VA_ARGS__                                                      \
        }                                                                    \
    };

/* ---- Members ----------------------------------------------------------- */

/* HPyDef_MEMBER(SYM, NAME, TYPE, OFFSET, [.readonly = 1], [.doc = ...]):
   expose the C field at OFFSET (use offsetof) as attribute NAME. */
#define HPyDef_MEMBER(SYM, ...)                                              \
    _HILT_EXPAND(_HILT_DEF_MEMBER(SYM, __VA_ARGS__, ))

#define _HILT_DEF_MEMBER(SYM, NAME, TYPE, OFFSET, ...)                       \
    _HPy_HIDDEN HPyDef SYM = {                                               \
        .kind = HPyDef_Kind_Member,                                          \
        .member = {                                                          \
            .name = NAME,                                                    \
            .type = TYPE,                                                    \
            .offset = OFFSET,                                                \
            __VA_ARGS__                                                      \
        }                                                                    \
    };

/* ---- Get/set descriptors ----------------------------------------------- */

/* HPyDef_GET(SYM, NAME, [.doc = ...], [.closure = ...]): a read-only
   attribute computed by `SYM_get`. */
#define HPyDef_GET(SYM, ...)                                                 \
    _HILT_EXPAND(_HILT_DEF_GET(SYM, SYM##_get, __VA_ARGS__, ))

#define HPyDef_GET_IMPL(SYM, ...)                                            \
    _HILT_EXPAND(_HILT_DEF_GET_SWAP(SYM, __VA_ARGS__, ))
/* HPyDef_GET_IMPL takes (SYM, NAME, GETIMPL, ...); reorder to the common
   (SYM, GETIMPL, NAME, ...) form. */
#define _HILT_DEF_GET_SWAP(SYM, NAME, GETIMPL, ...)                          \
    _HILT_DEF_GET(SYM, GETIMPL, NAME, __VA_ARGS__)

#define _HILT_DEF_GET(SYM, GETIMPL, NAME, ...)                               \
    HPyFunc_DECLARE(GETIMPL, HPyFunc_GETTER);                                \
    HPyFunc_TRAMPOLINE(SYM##_get_trampoline, GETIMPL, HPyFunc_GETTER)        \
    _HPy_HIDDEN HPyDef SYM = {                                               \
        .kind = HPyDef_Kind_GetSet,                                          \
        .getset = {                                                          \
            .name = NAME,                                                    \
            .getter_impl = _HILT_FUNC_CAST(HPyCFunction, GETIMPL),           \
            .getter_cpy_trampoline =                                         \
                _HILT_FUNC_CAST(cpy_getter, SYM##_get_trampoline),           \
            __VA_ARGS__                                                      \
        }                                                                    \
    };

/* HPyDef_SET(SYM, NAME, [.doc = ...], [.closure = ...]): a write-only
   attribute stored by `SYM_set`. */
#define HPyDef_SET(SYM, ...)                                                 \
    _HILT_EXPAND(_HILT_DEF_SET(SYM, SYM##_set, __VA_ARGS__, ))

#define HPyDef_SET_IMPL(SYM, ...)                                            \
    _HILT_EXPAND(_HILT_DEF_SET_SWAP(SYM, __VA_ARGS__, ))
#define _HILT_DEF_SET_SWAP(SYM, NAME, SETIMPL, ...)                          \
    _HILT_DEF_SET(SYM, SETIMPL, NAME, __VA_ARGS__)

#define _HILT_DEF_SET(SYM, SETIMPL, NAME, ...)                               \
    HPyFunc_DECLARE(SETIMPL, HPyFunc_SETTER);                                \
    HPyFunc_TRAMPOLINE(SYM##_set_trampoline, SETIMPL, HPyFunc_SETTER)        \
    _HPy_HIDDEN HPyDef SYM = {                                               \
        .kind = HPyDef_Kind_GetSet,                                          \
        .getset = {                                                          \
            .name = NAME,                                                    \
            .setter_impl = _HILT_FUNC_CAST(HPyCFunction, SETIMPL),           \
            .setter_cpy_trampoline =                                         \
                _HILT_FUNC_CAST(cpy_setter, SYM##_set_trampoline),           \
            __VA_ARGS__                                                      \
        }                                                                    \
    };

/* HPyDef_GETSET(SYM, NAME, [.doc = ...], [.closure = ...]): a read/write
   attribute backed by `SYM_get` and `SYM_set`. */
#define HPyDef_GETSET(SYM, ...)                                              \
    _HILT_EXPAND(_HILT_DEF_GETSET(SYM, SYM##_get, SYM##_set, __VA_ARGS__, ))

#define HPyDef_GETSET_IMPL(SYM, ...)                                         \
    _HILT_EXPAND(_HILT_DEF_GETSET_SWAP(SYM, __VA_ARGS__, ))
#define _HILT_DEF_GETSET_SWAP(SYM, NAME, GETIMPL, SETIMPL, ...)              \
    _HILT_DEF_GETSET(SYM, GETIMPL, SETIMPL, NAME, __VA_ARGS__)

/* Designators follow HPyGetSet's field order, as C++ requires. */
#define _HILT_DEF_GETSET(SYM, GETIMPL, SETIMPL, NAME, ...)                   \
    HPyFunc_DECLARE(GETIMPL, HPyFunc_GETTER);                                \
    HPyFunc_TRAMPOLINE(SYM##_get_trampoline, GETIMPL, HPyFunc_GETTER)        \
    HPyFunc_DECLARE(SETIMPL, HPyFunc_SETTER);                                \
    HPyFunc_TRAMPOLINE(SYM##_set_trampoline, SETIMPL, HPyFunc_SETTER)        \
    _HPy_HIDDEN HPyDef SYM = {                                               \
        .kind = HPyDef_Kind_GetSet,                                          \
        .getset = {                                                          \
            .name = NAME,                                                    \
            .getter_impl = _HILT_FUNC_CAST(HPyCFunction, GETIMPL),           \
            .setter_impl = _HILT_FUNC_CAST(HPyCFunction, SETIMPL),           \
            .getter_cpy_trampoline =                                         \
                _HILT_FUNC_CAST(cpy_getter, SYM##_get_trampoline),           \
            .setter_cpy_trampoline =                                         \
                _HILT_FUNC_CAST(cpy_setter, SYM##_set_trampoline),           \
            __VA_ARGS__                                                      \
        }                                                                    \
    };

/* ---- Capsule destructors and call functions ----------------------------- */

/* HPyCapsule_DESTRUCTOR(SYM): a static HPyCapsule_Destructor `SYM` that runs
   `SYM_impl(name, pointer, context)` when the capsule dies. */
#define HPyCapsule_DESTRUCTOR(SYM)                                           \
    static void SYM##_impl(const char *name, void *pointer, void *context);  \
    HPyCapsule_DESTRUCTOR_TRAMPOLINE(SYM##_trampoline, SYM##_impl)           \
    static HPyCapsule_Destructor SYM = { SYM##_trampoline, SYM##_impl };

/* HPyDef_CALL_FUNCTION(SYM): a static HPyCallFunction `SYM` for
   HPy_SetCallFunction (per-object vectorcall), implemented by `SYM_impl`
   with the HPyFunc_KEYWORDS signature. */
#define HPyDef_CALL_FUNCTION(SYM)                                            \
    HPyFunc_DECLARE(SYM##_impl, HPyFunc_KEYWORDS);                           \
    HPyFunc_TRAMPOLINE(SYM##_trampoline, SYM##_impl, HPyFunc_KEYWORDS)       \
    static HPyCallFunction SYM = { SYM##_trampoline, SYM##_impl };

#endif /* HILT_HPY_HPYDEF_H */
