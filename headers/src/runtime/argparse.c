/*
 * HPyArg_Parse, HPyArg_ParseKeywords and HPyArg_ParseKeywordsDict.
 *
 * The three entry points share one pipeline:
 *   1. scan_format() reads the whole format once, checks every unit and
 *      records the counts and markers, so a malformed format is reported
 *      (SystemError) before any argument is looked at or any output written;
 *   2. the entry point gathers one value handle per unit: positional, found
 *      by keyword, or missing (HPy_NULL);
 *   3. convert_unit() stores each value through the caller's pointers.
 *
 * Only the public API is used, so this file works on every backend.
 */
#include "hpy.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Internal code for the two-character unit "O!". */
#define UNIT_TYPED_OBJECT '!'
/* Units whose output is a handle (and so needs a tracker in keyword mode). */
#define HANDLE_UNITS "OSU!"
#define KNOWN_UNITS "bBhHiIlkLKnfdpszycCOSU"

#define MSG_SIZE 512
#define NAME_SIZE 128

typedef struct {
    const char *api;           /* public function name, for SystemErrors */
    const char *units;         /* first character of the format */
    const char *end;           /* where units stop: at ':', ';' or NUL */
    const char *message;       /* text after ';', replacing our messages */
    HPy_ssize_t n_units;       /* number of value units */
    HPy_ssize_t n_required;    /* units before '|' (or '$') */
    HPy_ssize_t n_positional;  /* units before '$' */
    int has_handle_units;
    char who[216];             /* "name()" from ':name', else "function" */
} FormatSpec;

typedef struct {
    HPyContext *ctx;
    const FormatSpec *fs;
    HPyTracker *ht;
    int own_handles;  /* keyword modes: stored handles belong to the tracker */
} Parser;

/* ------------------------------------------------------------------ */
/* errors                                                              */

static void format_error(HPyContext *ctx, const char *api, const char *fmt, ...)
{
    char msg[MSG_SIZE];
    int n = snprintf(msg, sizeof msg, "%s(): ", api);
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, va);
    va_end(va);
    HPyErr_SetString(ctx, ctx->h_SystemError, msg);
}

/* An error about the arguments themselves: the ';message' replaces it. */
static void arg_error(HPyContext *ctx, const FormatSpec *fs, HPy type,
                      const char *fmt, ...)
{
    char msg[MSG_SIZE];
    if (fs->message != NULL) {
        HPyErr_SetString(ctx, type, fs->message);
        return;
    }
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof msg, fmt, va);
    va_end(va);
    HPyErr_SetString(ctx, type, msg);
}

/* "'name'" for a named parameter, else its 1-based position. */
static void arg_label(char *buf, size_t size, HPy_ssize_t index, const char *kw)
{
    if (kw != NULL && *kw != '\0')
        snprintf(buf, size, "'%.100s'", kw);
    else
        snprintf(buf, size, "%lld", (long long)index + 1);
}

/* Copy the type name of `h` into buf (the handle to the type is closed). */
static void type_name_of(HPyContext *ctx, HPy h, char *buf, size_t size)
{
    HPy t = HPy_Type(ctx, h);
    const char *name = HPy_IsNull(t) ? NULL : HPyType_GetName(ctx, t);
    snprintf(buf, size, "%s", name != NULL ? name : "?");
    if (!HPy_IsNull(t))
        HPy_Close(ctx, t);
}

static void wrong_type(Parser *p, HPy arg, HPy_ssize_t index, const char *kw,
                       const char *expected)
{
    char label[NAME_SIZE], got[NAME_SIZE];
    arg_label(label, sizeof label, index, kw);
    type_name_of(p->ctx, arg, got, sizeof got);
    arg_error(p->ctx, p->fs, p->ctx->h_TypeError, "%s argument %s must be %s, not %s",
              p->fs->who, label, expected, got);
}

static void bad_value(Parser *p, HPy type, HPy_ssize_t index, const char *kw,
                      const char *what)
{
    char label[NAME_SIZE];
    arg_label(label, sizeof label, index, kw);
    arg_error(p->ctx, p->fs, type, "%s argument %s: %s", p->fs->who, label, what);
}

static const char *plural(HPy_ssize_t n) { return n == 1 ? "" : "s"; }

/* ------------------------------------------------------------------ */
/* the format scanner                                                  */

static int scan_format(HPyContext *ctx, const char *api, const char *fmt,
                       int allow_kwonly, FormatSpec *fs)
{
    const char *c;
    int seen_bar = 0, seen_dollar = 0;

    fs->api = api;
    fs->units = fmt;
    fs->message = NULL;
    fs->n_units = fs->n_required = 0;
    fs->n_positional = -1;
    fs->has_handle_units = 0;
    strcpy(fs->who, "function");
    if (fmt == NULL) {
        format_error(ctx, api, "the format string is NULL");
        return 0;
    }
    for (c = fmt; *c != '\0' && *c != ':' && *c != ';'; c++) {
        if (*c == '|') {
            if (seen_bar || seen_dollar) {
                format_error(ctx, api, "misplaced '|' in format \"%.100s\"", fmt);
                return 0;
            }
            seen_bar = 1;
            fs->n_required = fs->n_units;
            continue;
        }
        if (*c == '$') {
            if (!allow_kwonly) {
                format_error(ctx, api, "'$' needs keyword parsing "
                             "(HPyArg_ParseKeywords)");
                return 0;
            }
            if (seen_dollar) {
                format_error(ctx, api, "repeated '$' in format \"%.100s\"", fmt);
                return 0;
            }
            /* keyword-only arguments are always optional, as in HPy 0.9 */
            if (!seen_bar)
                fs->n_required = fs->n_units;
            seen_bar = seen_dollar = 1;
            fs->n_positional = fs->n_units;
            continue;
        }
        if (strchr(KNOWN_UNITS, *c) == NULL) {
            format_error(ctx, api, "unknown format unit '%c' in \"%.100s\"", *c, fmt);
            return 0;
        }
        if (*c == 'O' && c[1] == '!')
            c++;
        if (strchr(HANDLE_UNITS, *c) != NULL)
            fs->has_handle_units = 1;
        fs->n_units++;
    }
    fs->end = c;
    if (!seen_bar)
        fs->n_required = fs->n_units;
    if (fs->n_positional < 0)
        fs->n_positional = fs->n_units;
    if (*c == ':')
        snprintf(fs->who, sizeof fs->who, "%.200s()", c + 1);
    else if (*c == ';')
        fs->message = c + 1;
    return 1;
}

/* The next value unit at *cursor, skipping markers; '!' stands for "O!". */
static int next_unit(const char **cursor)
{
    const char *c = *cursor;
    while (*c == '|' || *c == '$')
        c++;
    int unit = *c++;
    if (unit == 'O' && *c == '!') {
        unit = UNIT_TYPED_OBJECT;
        c++;
    }
    *cursor = c;
    return unit;
}

/* ------------------------------------------------------------------ */
/* converting one value                                                */

/* Store a handle output: borrowed in HPyArg_Parse, tracked otherwise. A
   temporary `arg` is handed to the tracker as is. */
static int store_handle(Parser *p, HPy arg, int temp, HPy *out)
{
    HPyContext *ctx = p->ctx;
    if (!p->own_handles) {
        *out = arg;
        return 1;
    }
    HPy h = temp ? arg : HPy_Dup(ctx, arg);
    if (HPyTracker_Add(ctx, *p->ht, h) < 0) {
        HPy_Close(ctx, h);
        return 0;
    }
    *out = h;
    return 1;
}

/* Borrowed UTF-8 of a str, rejecting embedded NULs (C strings can't hold them). */
static const char *c_string_of(Parser *p, HPy arg, HPy_ssize_t index, const char *kw)
{
    HPy_ssize_t size, i;
    const char *data = HPyUnicode_AsUTF8AndSize(p->ctx, arg, &size);
    if (data == NULL)
        return NULL;
    for (i = 0; i < size; i++) {
        if (data[i] == '\0') {
            bad_value(p, p->ctx->h_ValueError, index, kw, "embedded null character");
            return NULL;
        }
    }
    return data;
}

/* Decode the first code point of a UTF-8 string. */
static long first_code_point(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80)
        return u[0];
    if (u[0] < 0xE0)
        return ((long)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    if (u[0] < 0xF0)
        return ((long)(u[0] & 0x0F) << 12) | ((long)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    return ((long)(u[0] & 0x07) << 18) | ((long)(u[1] & 0x3F) << 12)
           | ((long)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

#define FAIL_IF_ERR(cond) do { if ((cond) && HPyErr_Occurred(ctx)) goto fail; } while (0)

/*
 * Store one value through the next pointer(s) in `va`. `arg` is HPy_NULL for
 * a missing optional argument: its pointers are consumed and left untouched.
 * `temp` marks a new handle owned by the parser (keyword dict values); it is
 * always disposed of here: kept by the tracker when it was stored or when a
 * pointer into it was stored, closed otherwise.
 */
static int convert_unit(Parser *p, int unit, HPy arg, int temp,
                        HPy_ssize_t index, const char *kw, va_list *va)
{
    HPyContext *ctx = p->ctx;
    int consumed = 0;        /* the tracker took `arg` */
    int keeps_pointer = 0;   /* a pointer into `arg` was stored */
    int missing = HPy_IsNull(arg);

    switch (unit) {
    case 'b': case 'h': case 'i': {
        /* range-checked small integers; each pointer is fetched with its own
           type, as va_arg requires */
        unsigned char *out_b = unit == 'b' ? va_arg(*va, unsigned char *) : NULL;
        short *out_h = unit == 'h' ? va_arg(*va, short *) : NULL;
        int *out_i = unit == 'i' ? va_arg(*va, int *) : NULL;
        long lo = unit == 'b' ? 0 : unit == 'h' ? SHRT_MIN : INT_MIN;
        long hi = unit == 'b' ? UCHAR_MAX : unit == 'h' ? SHRT_MAX : INT_MAX;
        const char *what = unit == 'b' ? "unsigned byte integer"
                         : unit == 'h' ? "signed short integer" : "signed integer";
        char msg[64];
        if (missing)
            break;
        long v = HPyLong_AsLong(ctx, arg);
        FAIL_IF_ERR(v == -1);
        if (v < lo || v > hi) {
            snprintf(msg, sizeof msg, "%s is %s", what,
                     v < lo ? "less than minimum" : "greater than maximum");
            bad_value(p, ctx->h_OverflowError, index, kw, msg);
            goto fail;
        }
        if (out_b != NULL)
            *out_b = (unsigned char)v;
        else if (out_h != NULL)
            *out_h = (short)v;
        else
            *out_i = (int)v;
        break;
    }
    case 'B': case 'H': case 'I': case 'k': {
        /* bit-field units: any int, reduced modulo 2**bits */
        unsigned char *out_b = unit == 'B' ? va_arg(*va, unsigned char *) : NULL;
        unsigned short *out_h = unit == 'H' ? va_arg(*va, unsigned short *) : NULL;
        unsigned int *out_i = unit == 'I' ? va_arg(*va, unsigned int *) : NULL;
        unsigned long *out_k = unit == 'k' ? va_arg(*va, unsigned long *) : NULL;
        if (missing)
            break;
        unsigned long v = HPyLong_AsUnsignedLongMask(ctx, arg);
        FAIL_IF_ERR(v == (unsigned long)-1);
        if (out_b != NULL)
            *out_b = (unsigned char)v;
        else if (out_h != NULL)
            *out_h = (unsigned short)v;
        else if (out_i != NULL)
            *out_i = (unsigned int)v;
        else
            *out_k = v;
        break;
    }
    case 'l': {
        long *out = va_arg(*va, long *);
        if (missing)
            break;
        long v = HPyLong_AsLong(ctx, arg);
        FAIL_IF_ERR(v == -1);
        *out = v;
        break;
    }
    case 'L': {
        long long *out = va_arg(*va, long long *);
        if (missing)
            break;
        long long v = HPyLong_AsLongLong(ctx, arg);
        FAIL_IF_ERR(v == -1);
        *out = v;
        break;
    }
    case 'K': {
        unsigned long long *out = va_arg(*va, unsigned long long *);
        if (missing)
            break;
        unsigned long long v = HPyLong_AsUnsignedLongLongMask(ctx, arg);
        FAIL_IF_ERR(v == (unsigned long long)-1);
        *out = v;
        break;
    }
    case 'n': {
        HPy_ssize_t *out = va_arg(*va, HPy_ssize_t *);
        if (missing)
            break;
        /* like CPython, accept any object with __index__ */
        HPy idx = HPy_Index(ctx, arg);
        if (HPy_IsNull(idx))
            goto fail;
        HPy_ssize_t v = HPyLong_AsSsize_t(ctx, idx);
        HPy_Close(ctx, idx);
        FAIL_IF_ERR(v == -1);
        *out = v;
        break;
    }
    case 'f': case 'd': {
        float *out_f = unit == 'f' ? va_arg(*va, float *) : NULL;
        double *out_d = unit == 'd' ? va_arg(*va, double *) : NULL;
        if (missing)
            break;
        double v = HPyFloat_AsDouble(ctx, arg);
        FAIL_IF_ERR(v == -1.0);
        if (out_f != NULL)
            *out_f = (float)v;
        else
            *out_d = v;
        break;
    }
    case 'p': {
        int *out = va_arg(*va, int *);
        if (missing)
            break;
        int v = HPy_IsTrue(ctx, arg);
        if (v < 0)
            goto fail;
        *out = v ? 1 : 0;
        break;
    }
    case 's': case 'z': {
        const char **out = va_arg(*va, const char **);
        if (missing)
            break;
        if (unit == 'z' && HPy_Is(ctx, arg, ctx->h_None)) {
            *out = NULL;
            break;
        }
        if (!HPyUnicode_Check(ctx, arg)) {
            wrong_type(p, arg, index, kw, unit == 's' ? "str" : "str or None");
            goto fail;
        }
        const char *s = c_string_of(p, arg, index, kw);
        if (s == NULL)
            goto fail;
        *out = s;
        keeps_pointer = 1;
        break;
    }
    case 'y': {
        const char **out = va_arg(*va, const char **);
        if (missing)
            break;
        if (!HPyBytes_Check(ctx, arg)) {
            wrong_type(p, arg, index, kw, "bytes");
            goto fail;
        }
        const char *s = HPyBytes_AsString(ctx, arg);
        HPy_ssize_t size = HPyBytes_Size(ctx, arg);
        if (s == NULL || size < 0)
            goto fail;
        if ((HPy_ssize_t)strlen(s) != size) {
            bad_value(p, ctx->h_ValueError, index, kw, "embedded null byte");
            goto fail;
        }
        *out = s;
        keeps_pointer = 1;
        break;
    }
    case 'c': {
        char *out = va_arg(*va, char *);
        if (missing)
            break;
        if (!HPyBytes_Check(ctx, arg) || HPyBytes_Size(ctx, arg) != 1) {
            wrong_type(p, arg, index, kw, "a byte string of length 1");
            goto fail;
        }
        *out = HPyBytes_AsString(ctx, arg)[0];
        break;
    }
    case 'C': {
        int *out = va_arg(*va, int *);
        if (missing)
            break;
        if (!HPyUnicode_Check(ctx, arg) || HPy_Length(ctx, arg) != 1) {
            wrong_type(p, arg, index, kw, "a unicode character");
            goto fail;
        }
        HPy_ssize_t size;
        const char *s = HPyUnicode_AsUTF8AndSize(ctx, arg, &size);
        if (s == NULL)
            goto fail;
        *out = (int)first_code_point(s);
        break;
    }
    case 'O': case 'S': case 'U': case UNIT_TYPED_OBJECT: {
        HPy type = unit == UNIT_TYPED_OBJECT ? va_arg(*va, HPy) : HPy_NULL;
        HPy *out = va_arg(*va, HPy *);
        if (missing)
            break;
        if (unit == 'S' && !HPyBytes_Check(ctx, arg)) {
            wrong_type(p, arg, index, kw, "bytes");
            goto fail;
        }
        if (unit == 'U' && !HPyUnicode_Check(ctx, arg)) {
            wrong_type(p, arg, index, kw, "str");
            goto fail;
        }
        if (unit == UNIT_TYPED_OBJECT && !HPy_TypeCheck(ctx, arg, type)) {
            const char *tn = HPyType_GetName(ctx, type);
            char expected[NAME_SIZE];
            snprintf(expected, sizeof expected, "%s", tn != NULL ? tn : "?");
            wrong_type(p, arg, index, kw, expected);
            goto fail;
        }
        consumed = temp;  /* store_handle owns a temporary from here on */
        if (!store_handle(p, arg, temp, out))
            goto fail;
        break;
    }
    default:
        /* unreachable: scan_format accepted only known units */
        format_error(ctx, p->fs->api, "internal error: unit '%c'", unit);
        goto fail;
    }

    if (temp && !consumed) {
        if (keeps_pointer && p->ht != NULL) {
            /* keep the object alive as long as the pointer is used */
            if (HPyTracker_Add(ctx, *p->ht, arg) < 0) {
                HPy_Close(ctx, arg);
                return 0;
            }
        } else {
            /* without a tracker the dict still holds the object */
            HPy_Close(ctx, arg);
        }
    }
    return 1;

fail:
    if (temp && !consumed)
        HPy_Close(ctx, arg);
    return 0;
}

/* ------------------------------------------------------------------ */
/* positional parsing                                                  */

HPyAPI_HELPER int
HPyArg_Parse(HPyContext *ctx, HPyTracker *ht, const HPy *args,
             size_t nargs, const char *fmt, ...)
{
    FormatSpec fs;
    Parser p;
    HPy_ssize_t n = (HPy_ssize_t)nargs, i;
    const char *cursor;
    va_list va;

    if (!scan_format(ctx, "HPyArg_Parse", fmt, 0, &fs))
        return 0;
    if (n < fs.n_required || n > fs.n_units) {
        if (fs.n_units == 0)
            arg_error(ctx, &fs, ctx->h_TypeError, "%s takes no arguments (%lld given)",
                      fs.who, (long long)n);
        else {
            const char *how = fs.n_required == fs.n_units ? "exactly"
                            : n < fs.n_required ? "at least" : "at most";
            HPy_ssize_t k = n < fs.n_required ? fs.n_required : fs.n_units;
            arg_error(ctx, &fs, ctx->h_TypeError, "%s takes %s %lld argument%s (%lld given)",
                      fs.who, how, (long long)k, plural(k), (long long)n);
        }
        return 0;
    }
    if (ht != NULL) {
        *ht = HPyTracker_New(ctx, 0);
        if (HPy_IsNull(*ht))
            return 0;
    }
    p.ctx = ctx;
    p.fs = &fs;
    p.ht = ht;
    p.own_handles = 0;
    cursor = fs.units;
    va_start(va, fmt);
    for (i = 0; i < fs.n_units; i++) {
        int unit = next_unit(&cursor);
        HPy arg = i < n ? args[i] : HPy_NULL;
        if (!convert_unit(&p, unit, arg, 0, i, NULL, &va)) {
            va_end(va);
            if (ht != NULL)
                HPyTracker_Close(ctx, *ht);
            return 0;
        }
    }
    va_end(va);
    return 1;
}

/* ------------------------------------------------------------------ */
/* keyword parsing                                                     */

/*
 * Put the value of keyword `name` into vals[]: finds the parameter, reports
 * unknown names and names already given by position. Returns 1 / 0.
 */
static int place_keyword(HPyContext *ctx, const FormatSpec *fs, const char *keywords[],
                         HPy_ssize_t n_posonly, HPy_ssize_t nargs,
                         HPy name, HPy value, HPy *vals, int *placed)
{
    HPy_ssize_t len, i;
    const char *s;

    *placed = 0;
    if (!HPyUnicode_Check(ctx, name)) {
        arg_error(ctx, fs, ctx->h_TypeError, "keywords must be strings");
        return 0;
    }
    s = HPyUnicode_AsUTF8AndSize(ctx, name, &len);
    if (s == NULL)
        return 0;
    for (i = n_posonly; i < fs->n_units; i++) {
        if ((HPy_ssize_t)strlen(keywords[i]) == len && memcmp(keywords[i], s, (size_t)len) == 0)
            break;
    }
    if (i == fs->n_units) {
        arg_error(ctx, fs, ctx->h_TypeError, "%s got an unexpected keyword argument '%.100s'",
                  fs->who, s);
        return 0;
    }
    if (i < nargs) {
        arg_error(ctx, fs, ctx->h_TypeError,
                  "argument for %s given by name ('%.100s') and position (%lld)",
                  fs->who, s, (long long)i + 1);
        return 0;
    }
    if (!HPy_IsNull(vals[i])) {
        arg_error(ctx, fs, ctx->h_TypeError, "%s got multiple values for argument '%.100s'",
                  fs->who, s);
        return 0;
    }
    vals[i] = value;
    *placed = 1;
    return 1;
}

/* Fill vals[] from the keyword names (tuple) or the keyword dict. */
static int gather_keywords(HPyContext *ctx, const FormatSpec *fs, const char *keywords[],
                           HPy_ssize_t n_posonly, const HPy *args, HPy_ssize_t nargs,
                           HPy kw, int kw_is_dict, HPy *vals)
{
    HPy names = kw_is_dict ? HPyDict_Keys(ctx, kw) : kw;
    HPy_ssize_t n, j;
    int ok = 1;

    if (HPy_IsNull(names))
        return 0;
    n = HPy_Length(ctx, names);
    if (n < 0)
        ok = 0;
    for (j = 0; ok && j < n; j++) {
        HPy name = HPy_GetItem_i(ctx, names, j);
        HPy value;
        int placed = 0;
        if (HPy_IsNull(name)) {
            ok = 0;
            break;
        }
        /* dict values are new handles: they are the parser's to dispose of */
        value = kw_is_dict ? HPy_GetItem(ctx, kw, name) : args[nargs + j];
        if (HPy_IsNull(value))
            ok = 0;
        else
            ok = place_keyword(ctx, fs, keywords, n_posonly, nargs, name, value, vals, &placed);
        if (kw_is_dict && !placed && !HPy_IsNull(value))
            HPy_Close(ctx, value);
        HPy_Close(ctx, name);
    }
    if (kw_is_dict)
        HPy_Close(ctx, names);
    return ok;
}

static int parse_keywords(HPyContext *ctx, const char *api, HPyTracker *ht,
                          const HPy *args, HPy_ssize_t nargs, HPy kw, int kw_is_dict,
                          const char *fmt, const char *keywords[], va_list *va)
{
    FormatSpec fs;
    Parser p;
    HPy small[16];
    HPy *vals = small;
    HPy_ssize_t n_posonly = 0, n_names, i;
    const char *cursor;
    int ok = 0;

    if (!scan_format(ctx, api, fmt, 1, &fs))
        return 0;
    if (keywords == NULL) {
        format_error(ctx, api, "the keyword list is NULL");
        return 0;
    }
    while (keywords[n_posonly] != NULL && keywords[n_posonly][0] == '\0')
        n_posonly++;
    for (n_names = n_posonly; keywords[n_names] != NULL; n_names++) {
        if (keywords[n_names][0] == '\0') {
            format_error(ctx, api, "empty keyword parameter name after a named one "
                         "(positional-only parameters must come first)");
            return 0;
        }
    }
    if (n_names != fs.n_units) {
        format_error(ctx, api, "the format has %lld unit%s but the keyword list has %lld name%s",
                     (long long)fs.n_units, plural(fs.n_units),
                     (long long)n_names, plural(n_names));
        return 0;
    }
    if (fs.has_handle_units && ht == NULL) {
        format_error(ctx, api, "format units O, S, U and O! need an HPyTracker "
                     "(pass a non-NULL ht)");
        return 0;
    }
    if (nargs > fs.n_positional) {
        if (fs.n_positional == 0)
            arg_error(ctx, &fs, ctx->h_TypeError, "%s takes no positional arguments "
                      "(%lld given)", fs.who, (long long)nargs);
        else
            arg_error(ctx, &fs, ctx->h_TypeError,
                      "%s takes %s %lld positional argument%s (%lld given)", fs.who,
                      fs.n_required >= fs.n_positional ? "exactly" : "at most",
                      (long long)fs.n_positional, plural(fs.n_positional),
                      (long long)nargs);
        return 0;
    }
    if (fs.n_units > (HPy_ssize_t)(sizeof small / sizeof small[0])) {
        vals = (HPy *)malloc((size_t)fs.n_units * sizeof(HPy));
        if (vals == NULL) {
            HPyErr_NoMemory(ctx);
            return 0;
        }
    }
    for (i = 0; i < fs.n_units; i++)
        vals[i] = i < nargs ? args[i] : HPy_NULL;
    if (ht != NULL) {
        *ht = HPyTracker_New(ctx, 0);
        if (HPy_IsNull(*ht))
            goto done;
    }
    if (!HPy_IsNull(kw) &&
        !gather_keywords(ctx, &fs, keywords, n_posonly, args, nargs, kw, kw_is_dict, vals))
        goto fail;

    p.ctx = ctx;
    p.fs = &fs;
    p.ht = ht;
    p.own_handles = 1;
    cursor = fs.units;
    for (i = 0; i < fs.n_units; i++) {
        int unit = next_unit(&cursor);
        HPy arg = vals[i];
        vals[i] = HPy_NULL;  /* from here on convert_unit owns it */
        if (HPy_IsNull(arg) && i < fs.n_required) {
            if (i < n_posonly) {
                HPy_ssize_t k = n_posonly < fs.n_required ? n_posonly : fs.n_required;
                int exact = k == fs.n_positional;
                arg_error(ctx, &fs, ctx->h_TypeError,
                          "%s takes %s %lld positional argument%s (%lld given)", fs.who,
                          exact ? "exactly" : "at least", (long long)k, plural(k),
                          (long long)nargs);
            } else {
                arg_error(ctx, &fs, ctx->h_TypeError,
                          "%s missing required argument '%.100s' (pos %lld)", fs.who,
                          keywords[i], (long long)i + 1);
            }
            goto fail;
        }
        if (!convert_unit(&p, unit, arg, kw_is_dict && i >= nargs && !HPy_IsNull(arg),
                          i, keywords[i], va))
            goto fail;
    }
    ok = 1;
    goto done;

fail:
    if (ht != NULL)
        HPyTracker_Close(ctx, *ht);
done:
    /* dict values not yet handed to convert_unit */
    if (kw_is_dict) {
        for (i = nargs; i < fs.n_units; i++) {
            if (!HPy_IsNull(vals[i]))
                HPy_Close(ctx, vals[i]);
        }
    }
    if (vals != small)
        free(vals);
    return ok;
}

HPyAPI_HELPER int
HPyArg_ParseKeywords(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                     size_t nargs, HPy kwnames, const char *fmt,
                     const char *keywords[], ...)
{
    va_list va;
    int ok;
    va_start(va, keywords);
    ok = parse_keywords(ctx, "HPyArg_ParseKeywords", ht, args, (HPy_ssize_t)nargs,
                        kwnames, 0, fmt, keywords, &va);
    va_end(va);
    return ok;
}

HPyAPI_HELPER int
HPyArg_ParseKeywordsDict(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                         HPy_ssize_t nargs, HPy kw, const char *fmt,
                         const char *keywords[], ...)
{
    va_list va;
    int ok;
    va_start(va, keywords);
    ok = parse_keywords(ctx, "HPyArg_ParseKeywordsDict", ht, args, nargs,
                        kw, 1, fmt, keywords, &va);
    va_end(va);
    return ok;
}
