/*
 * Hilt helper runtime: struct sequences (named tuples made from C).
 * Compiled into every extension; not part of the ABI.
 *
 * A struct sequence type is a tuple subclass whose items can also be read as
 * named attributes. In the universal ABI the type is made by
 * collections.namedtuple, so every field is part of the sequence (there is no
 * hidden-field count as in CPython's own struct sequences), and instances are
 * created complete, by HPyStructSequence_New, never filled in afterwards.
 */
#ifndef HILT_RUNTIME_STRUCTSEQ_H
#define HILT_RUNTIME_STRUCTSEQ_H

#include "hpy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One field of a struct sequence. */
typedef struct {
    /* UTF-8 field name; NULL ends the field list. Use
       HPyStructSequence_UnnamedField for a field reachable by index only. */
    const char *name;
    /* UTF-8 docstring of the field, or NULL. */
    const char *doc;
} HPyStructSequence_Field;

/* Everything needed to create a struct sequence type. */
typedef struct {
    /* UTF-8 type name, required; "pkg.mod.Name" sets __module__ to "pkg.mod". */
    const char *name;
    /* UTF-8 docstring of the type, or NULL. */
    const char *doc;
    /* Field list ended by an entry whose name is NULL; required. */
    HPyStructSequence_Field *fields;
} HPyStructSequence_Desc;

/* Field name marking a field without an attribute name. */
HPyAPI_HELPER extern const char * const HPyStructSequence_UnnamedField;

/*
 * Create a struct sequence type from `desc`. Returns a new handle to the type,
 * or HPy_NULL with an exception set (SystemError if `desc` has no name).
 */
HPyAPI_HELPER HPy
HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc);

/*
 * Create an instance of the struct sequence type `type` holding the `nargs`
 * values in `args` (which must be exactly the number of fields). Raises
 * TypeError if `type` was not made by HPyStructSequence_NewType or the count
 * is wrong. Returns a new handle, or HPy_NULL with an exception set.
 */
HPyAPI_HELPER HPy
HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args);

#ifdef __cplusplus
}
#endif
#endif /* HILT_RUNTIME_STRUCTSEQ_H */
