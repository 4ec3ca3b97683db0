/*
 * Hilt helper runtime: argument parsing.
 *
 * These functions are not part of the ABI: their code is compiled into every
 * extension (headers/src/runtime/argparse.c), and they reach the Python
 * runtime only through the public API, so they work on every backend.
 */
#ifndef HILT_RUNTIME_ARGPARSE_H
#define HILT_RUNTIME_ARGPARSE_H

#include "hpy.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Parse positional arguments according to `fmt`, storing the results through
 * the pointers passed after it. Returns 1 on success, 0 with an exception set.
 *
 * Format units: b B h H i I l k L K n (integers), f d (floats), p (truth
 * value), s z y (borrowed UTF-8 / byte pointers), c C (one byte / one
 * character), O S U (handles; S wants bytes, U wants str), O! (handle checked
 * against a type passed before the output pointer). Markers: '|' starts the
 * optional arguments, ':name' names the function in error messages, ';text'
 * replaces the error message altogether.
 *
 * If `ht` is not NULL a tracker is always created in it; the caller closes it
 * after success, the parser closes it itself on failure. Handles stored by
 * HPyArg_Parse are the caller's own argument handles (borrowed).
 */
HPyAPI_HELPER int
HPyArg_Parse(HPyContext *ctx, HPyTracker *ht, const HPy *args,
             size_t nargs, const char *fmt, ...);

/*
 * Like HPyArg_Parse, for the HPyFunc_KEYWORDS calling convention: keyword
 * values follow the `nargs` positional ones in `args`, and `kwnames` (may be
 * HPy_NULL) is the tuple of their names. `keywords` is a NULL-terminated list
 * with one name per format unit; leading "" names are positional-only. The
 * '$' marker starts the keyword-only arguments (which are always optional).
 *
 * Handles stored for O/S/U/O! are new handles owned by the tracker, so those
 * units need a non-NULL `ht` (SystemError otherwise).
 */
HPyAPI_HELPER int
HPyArg_ParseKeywords(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                     size_t nargs, HPy kwnames, const char *fmt,
                     const char *keywords[], ...);

/*
 * Like HPyArg_ParseKeywords, but the keyword arguments come as a dict `kw`
 * (may be HPy_NULL), as with the legacy tp_call / tp_init conventions.
 */
HPyAPI_HELPER int
HPyArg_ParseKeywordsDict(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                         HPy_ssize_t nargs, HPy kw, const char *fmt,
                         const char *keywords[], ...);

#ifdef __cplusplus
}
#endif
#endif /* HILT_RUNTIME_ARGPARSE_H */
