/*
 * Hilt helper runtime: small conveniences built on the public API.
 * Compiled into every extension; not part of the ABI.
 */
#ifndef HILT_RUNTIME_HELPERS_H
#define HILT_RUNTIME_HELPERS_H

#include "hpy.h"
#include "hpy/hpytype.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Create a type with HPyType_FromSpec(ctx, hpyspec, params) and store it as
 * attribute `name` of `obj` (usually a module). Returns 1 on success, 0 with
 * an exception set.
 */
HPyAPI_HELPER int
HPyHelpers_AddType(HPyContext *ctx, HPy obj, const char *name,
                   HPyType_Spec *hpyspec, HPyType_SpecParam *params);

/*
 * Turn a vectorcall-style argument vector (positional values, then the values
 * for the names in `kwnames`) into an argument tuple and a keyword dict, for
 * APIs that take the legacy (tuple, dict) form. HPy_NULL is stored for an
 * empty tuple or dict. Returns 1 on success; 0 with an exception set, in which
 * case the outputs are left untouched.
 */
HPyAPI_HELPER int
HPyHelpers_PackArgsAndKeywords(HPyContext *ctx, const HPy *args, size_t nargs,
                               HPy kwnames, HPy *out_args_tuple, HPy *out_kwd);

#ifdef __cplusplus
}
#endif
#endif /* HILT_RUNTIME_HELPERS_H */
