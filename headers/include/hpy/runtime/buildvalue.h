/*
 * Hilt helper runtime: building Python values from C values.
 * Compiled into every extension; not part of the ABI.
 */
#ifndef HILT_RUNTIME_BUILDVALUE_H
#define HILT_RUNTIME_BUILDVALUE_H

#include "hpy.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Build a value described by `fmt` from the C values that follow it.
 *
 * An empty format gives None, one unit gives that object, several units give
 * a tuple; "(...)", "[...]" and "{k:v,...}" build tuples, lists and dicts.
 * Units: b B h H i I l k L K n (integers), f d (floats), p (bool),
 * c (int -> bytes of length 1), C (int -> 1-character str),
 * s z U (UTF-8 char* -> str, NULL -> None), y (char* -> bytes),
 * s# z# U# y# (pointer plus HPy_ssize_t length), O S (HPy, duplicated: the
 * caller keeps its handle). 'N' is refused because HPy never steals handles.
 *
 * Returns a new handle, or HPy_NULL with an exception set (SystemError for a
 * malformed format).
 */
HPyAPI_HELPER HPy
HPy_BuildValue(HPyContext *ctx, const char *fmt, ...);

#ifdef __cplusplus
}
#endif
#endif /* HILT_RUNTIME_BUILDVALUE_H */
