/*
 * HPy_BuildValue: build a Python value from C values, driven by a format.
 *
 * The format is checked in full by a first pass (count_items/skip_unit)
 * before any C argument is read, so a malformed format raises SystemError
 * without having built anything. The second pass builds recursively; the
 * first pass's counts size the tuple and list builders.
 *
 * Separators (spaces, tabs, ',' and ':') may appear anywhere between units;
 * inside "{...}" the units alternate key, value.
 *
 * Only the public API is used, so this file works on every backend.
 */
#include "hpy.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCALAR_UNITS "bBhHiIlkLKnfdpcCszUyOS"
#define SIZED_UNITS "szUy"   /* units that accept a '#' length */

/* ------------------------------------------------------------------ */
/* pass 1: checking and counting                                       */

static void bad_format(HPyContext *ctx, const char *what, char c)
{
    char msg[200];
    snprintf(msg, sizeof msg, what, c);
    HPyErr_SetString(ctx, ctx->h_SystemError, msg);
}

static const char *skip_separators(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == ',' || *p == ':')
        p++;
    return p;
}

static const char *skip_unit(HPyContext *ctx, const char *p);

/* Count the units from p up to `closer` ('\0' at top level); on success
   *end points at the closer. Returns -1 with SystemError if malformed. */
static HPy_ssize_t count_items(HPyContext *ctx, const char *p, char closer,
                               const char **end)
{
    HPy_ssize_t n = 0;
    for (;;) {
        p = skip_separators(p);
        if (*p == closer)
            break;
        if (*p == '\0') {
            bad_format(ctx, "HPy_BuildValue: unmatched '%c' in the format",
                       closer == ')' ? '(' : closer == ']' ? '[' : '{');
            return -1;
        }
        p = skip_unit(ctx, p);
        if (p == NULL)
            return -1;
        n++;
    }
    if (end != NULL)
        *end = p;
    return n;
}

/* Step over one unit (a scalar, or a whole group). NULL if malformed. */
static const char *skip_unit(HPyContext *ctx, const char *p)
{
    char c = *p++;
    char closer = c == '(' ? ')' : c == '[' ? ']' : c == '{' ? '}' : 0;
    if (closer != 0) {
        const char *end;
        HPy_ssize_t n = count_items(ctx, p, closer, &end);
        if (n < 0)
            return NULL;
        if (closer == '}' && n % 2 != 0) {
            bad_format(ctx, "HPy_BuildValue: a dict ('%c...}') needs key/value pairs, "
                       "but has an odd number of units", '{');
            return NULL;
        }
        return end + 1;
    }
    if (c == 'N') {
        bad_format(ctx, "HPy_BuildValue: format unit '%c' is not supported: HPy "
                   "functions never steal handles; use 'O' and close your handle "
                   "afterwards", c);
        return NULL;
    }
    if (c == ')' || c == ']' || c == '}') {
        bad_format(ctx, "HPy_BuildValue: unmatched '%c' in the format", c);
        return NULL;
    }
    if (strchr(SCALAR_UNITS, c) == NULL) {
        bad_format(ctx, "HPy_BuildValue: bad format unit '%c'", c);
        return NULL;
    }
    if (*p == '#' && strchr(SIZED_UNITS, c) != NULL)
        p++;
    return p;
}

/* ------------------------------------------------------------------ */
/* pass 2: building                                                    */

/* A str from `n` bytes of UTF-8 (which need not be NUL-terminated). */
static HPy str_from_utf8(HPyContext *ctx, const char *s, HPy_ssize_t n)
{
    char small[256];
    char *copy;
    HPy result;

    if (memchr(s, '\0', (size_t)n) != NULL) {
        /* HPyUnicode_FromString would stop at the NUL: decode from bytes */
        HPy bytes = HPyBytes_FromStringAndSize(ctx, s, n);
        if (HPy_IsNull(bytes))
            return HPy_NULL;
        result = HPyUnicode_FromEncodedObject(ctx, bytes, "utf-8", "strict");
        HPy_Close(ctx, bytes);
        return result;
    }
    copy = (size_t)n < sizeof small ? small : (char *)malloc((size_t)n + 1);
    if (copy == NULL)
        return HPyErr_NoMemory(ctx);
    memcpy(copy, s, (size_t)n);
    copy[n] = '\0';
    result = HPyUnicode_FromString(ctx, copy);
    if (copy != small)
        free(copy);
    return result;
}

static HPy build_unit(HPyContext *ctx, const char **fmt, va_list *va);

/* Build the items of a group whose opening bracket was just read, up to
   `closer` ('\0' for the implicit tuple of a top-level format). */
static HPy build_group(HPyContext *ctx, const char **fmt, va_list *va,
                       char opener, char closer)
{
    const char *end;
    /* cannot fail: the whole format was checked before */
    HPy_ssize_t n = count_items(ctx, *fmt, closer, &end), i;
    HPy result;

    if (opener == '{') {
        result = HPyDict_New(ctx);
        if (HPy_IsNull(result))
            return HPy_NULL;
        for (i = 0; i < n; i += 2) {
            HPy key, value;
            int rc;
            *fmt = skip_separators(*fmt);
            key = build_unit(ctx, fmt, va);
            if (HPy_IsNull(key)) {
                HPy_Close(ctx, result);
                return HPy_NULL;
            }
            *fmt = skip_separators(*fmt);
            value = build_unit(ctx, fmt, va);
            if (HPy_IsNull(value)) {
                HPy_Close(ctx, key);
                HPy_Close(ctx, result);
                return HPy_NULL;
            }
            rc = HPy_SetItem(ctx, result, key, value);
            HPy_Close(ctx, key);
            HPy_Close(ctx, value);
            if (rc < 0) {
                HPy_Close(ctx, result);
                return HPy_NULL;
            }
        }
    } else if (opener == '[') {
        HPyListBuilder lb = HPyListBuilder_New(ctx, n);
        for (i = 0; i < n; i++) {
            HPy item;
            *fmt = skip_separators(*fmt);
            item = build_unit(ctx, fmt, va);
            if (HPy_IsNull(item)) {
                HPyListBuilder_Cancel(ctx, lb);
                return HPy_NULL;
            }
            HPyListBuilder_Set(ctx, lb, i, item);
            HPy_Close(ctx, item);
        }
        result = HPyListBuilder_Build(ctx, lb);
    } else {
        HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, n);
        for (i = 0; i < n; i++) {
            HPy item;
            *fmt = skip_separators(*fmt);
            item = build_unit(ctx, fmt, va);
            if (HPy_IsNull(item)) {
                HPyTupleBuilder_Cancel(ctx, tb);
                return HPy_NULL;
            }
            HPyTupleBuilder_Set(ctx, tb, i, item);
            HPy_Close(ctx, item);
        }
        result = HPyTupleBuilder_Build(ctx, tb);
    }
    *fmt = closer != '\0' ? end + 1 : end;  /* past the closer */
    return result;
}

/* Build one unit at *fmt (separators already skipped); returns a new handle. */
static HPy build_unit(HPyContext *ctx, const char **fmt, va_list *va)
{
    char c = *(*fmt)++;
    int sized = 0;

    if (**fmt == '#' && strchr(SIZED_UNITS, c) != NULL) {
        sized = 1;
        (*fmt)++;
    }
    switch (c) {
    case '(':
        return build_group(ctx, fmt, va, c, ')');
    case '[':
        return build_group(ctx, fmt, va, c, ']');
    case '{':
        return build_group(ctx, fmt, va, c, '}');
    /* char and short arguments arrive promoted to int */
    case 'b': case 'B': case 'h': case 'H': case 'i':
        return HPyLong_FromLong(ctx, (long)va_arg(*va, int));
    case 'I':
        return HPyLong_FromUnsignedLong(ctx, (unsigned long)va_arg(*va, unsigned int));
    case 'l':
        return HPyLong_FromLong(ctx, va_arg(*va, long));
    case 'k':
        return HPyLong_FromUnsignedLong(ctx, va_arg(*va, unsigned long));
    case 'L':
        return HPyLong_FromLongLong(ctx, va_arg(*va, long long));
    case 'K':
        return HPyLong_FromUnsignedLongLong(ctx, va_arg(*va, unsigned long long));
    case 'n':
        return HPyLong_FromSsize_t(ctx, va_arg(*va, HPy_ssize_t));
    /* float arguments arrive promoted to double */
    case 'f': case 'd':
        return HPyFloat_FromDouble(ctx, va_arg(*va, double));
    case 'p':
        return HPy_Dup(ctx, va_arg(*va, int) ? ctx->h_True : ctx->h_False);
    case 'c': {
        char byte = (char)va_arg(*va, int);
        return HPyBytes_FromStringAndSize(ctx, &byte, 1);
    }
    case 'C': {
        int cp = va_arg(*va, int);
        char buf[4];
        HPy_ssize_t n;
        if (cp < 0 || cp > 0x10FFFF) {
            HPyErr_SetString(ctx, ctx->h_ValueError,
                             "HPy_BuildValue: 'C' character is not in range(0x110000)");
            return HPy_NULL;
        }
        n = (HPy_ssize_t)hilt_utf8_encode(cp, buf);
        return str_from_utf8(ctx, buf, n);
    }
    case 's': case 'z': case 'U': case 'y': {
        const char *s = va_arg(*va, const char *);
        HPy_ssize_t n = sized ? va_arg(*va, HPy_ssize_t) : -1;
        if (s == NULL)
            return HPy_Dup(ctx, ctx->h_None);
        if (n < 0)
            n = (HPy_ssize_t)strlen(s);
        if (c == 'y')
            return HPyBytes_FromStringAndSize(ctx, s, n);
        return str_from_utf8(ctx, s, n);
    }
    case 'O': case 'S': {
        HPy h = va_arg(*va, HPy);
        if (HPy_IsNull(h)) {
            /* usually the failed call that produced h has set an error */
            if (!HPyErr_Occurred(ctx))
                HPyErr_SetString(ctx, ctx->h_SystemError,
                                 "HPy_BuildValue: HPy_NULL passed for an 'O' unit");
            return HPy_NULL;
        }
        return HPy_Dup(ctx, h);
    }
    default:
        /* unreachable: pass 1 accepted only known units */
        bad_format(ctx, "HPy_BuildValue: internal error at unit '%c'", c);
        return HPy_NULL;
    }
}

HPyAPI_HELPER HPy
HPy_BuildValue(HPyContext *ctx, const char *fmt, ...)
{
    va_list va;
    HPy result;
    HPy_ssize_t n;

    if (fmt == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "HPy_BuildValue: the format is NULL");
        return HPy_NULL;
    }
    n = count_items(ctx, fmt, '\0', NULL);
    if (n < 0)
        return HPy_NULL;
    if (n == 0)
        return HPy_Dup(ctx, ctx->h_None);
    va_start(va, fmt);
    if (n == 1) {
        fmt = skip_separators(fmt);
        result = build_unit(ctx, &fmt, &va);
    } else {
        /* several top-level units make a tuple, as if wrapped in "(...)" */
        result = build_group(ctx, &fmt, &va, '(', '\0');
    }
    va_end(va);
    return result;
}
