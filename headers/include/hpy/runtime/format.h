/*
 * Hilt helper runtime: printf-style construction of str objects.
 * Compiled into every extension; not part of the ABI.
 */
#ifndef HILT_RUNTIME_FORMAT_H
#define HILT_RUNTIME_FORMAT_H

#include <stdarg.h>
#include "hpy.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Build a str from an ASCII format string. Conversions:
 *   %c (int code point)  %d %i %u %x %X with optional l, ll or z modifier
 *   %p (void *, always "0x..." lowercase)  %s (UTF-8 char *)
 *   %U (str handle)  %V (str handle, or the char * after it when HPy_NULL)
 *   %S %R %A (str(), repr(), ascii() of a handle)  %% (a percent sign)
 * Each may carry a '-' (left align) or '0' (zero pad, numbers only) flag, a
 * width (in characters) and a precision (minimum digits for numbers; maximum
 * bytes for %s, maximum characters for the object conversions).
 * Returns a new handle or HPy_NULL with an exception set.
 */
HPyAPI_HELPER HPy
HPyUnicode_FromFormat(HPyContext *ctx, const char *fmt, ...);

/* The va_list flavour of HPyUnicode_FromFormat. */
HPyAPI_HELPER HPy
HPyUnicode_FromFormatV(HPyContext *ctx, const char *format, va_list vargs);

/*
 * Raise `h_type` with a message built as by HPyUnicode_FromFormat. Always
 * returns HPy_NULL, so it can end an implementation: `return HPyErr_Format(...)`.
 */
HPyAPI_HELPER HPy
HPyErr_Format(HPyContext *ctx, HPy h_type, const char *fmt, ...);

#ifdef __cplusplus
}
#endif
#endif /* HILT_RUNTIME_FORMAT_H */
