/*
 * HPyUnicode_FromFormat(V) and HPyErr_Format.
 *
 * The result is assembled as UTF-8 in a growable buffer (Writer) and turned
 * into a str once at the end. Each '%' conversion is first read into a
 * ConvSpec (flags, width, precision, length modifier, conversion letter), then
 * rendered to a "piece" that pad_piece() aligns: widths count characters, so
 * UTF-8 continuation bytes are not counted.
 *
 * Deliberate strictness (as in HPy 0.9): the '0' flag on a non-numeric
 * conversion, and a width or precision on %c or %p, raise SystemError rather
 * than being silently ignored.
 *
 * Only the public API is used, so this file works on every backend.
 */
#include "hpy.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* the output buffer                                                   */

typedef struct {
    char *buf;
    size_t len, cap;
    int has_nul;      /* a NUL was written (e.g. %c with 0) */
    int failed;       /* an allocation failed */
    char small[256];
} Writer;

static void w_init(Writer *w)
{
    w->buf = w->small;
    w->len = 0;
    w->cap = sizeof w->small;
    w->has_nul = w->failed = 0;
}

static void w_free(Writer *w)
{
    if (w->buf != w->small)
        free(w->buf);
    w->buf = w->small;
}

/* Make room for `extra` more bytes plus a terminating NUL. */
static int w_reserve(Writer *w, size_t extra)
{
    size_t need = w->len + extra + 1;
    size_t cap = w->cap;
    char *nbuf;
    if (w->failed)
        return 0;
    if (need <= cap)
        return 1;
    while (cap < need)
        cap *= 2;
    if (w->buf == w->small) {
        nbuf = (char *)malloc(cap);
        if (nbuf != NULL)
            memcpy(nbuf, w->small, w->len);
    } else {
        nbuf = (char *)realloc(w->buf, cap);
    }
    if (nbuf == NULL) {
        w->failed = 1;
        return 0;
    }
    w->buf = nbuf;
    w->cap = cap;
    return 1;
}

static int w_put(Writer *w, const char *s, size_t n)
{
    if (!w_reserve(w, n))
        return 0;
    if (memchr(s, '\0', n) != NULL)
        w->has_nul = 1;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return 1;
}

static int w_fill(Writer *w, char c, size_t count)
{
    if (!w_reserve(w, count))
        return 0;
    memset(w->buf + w->len, c, count);
    w->len += count;
    return 1;
}

/* ------------------------------------------------------------------ */
/* conversion specs                                                    */

typedef struct {
    int left;              /* '-' flag: pad on the right */
    int zero;              /* '0' flag: pad numbers with zeros */
    HPy_ssize_t width;     /* -1 when absent */
    HPy_ssize_t precision; /* -1 when absent */
    char size;             /* 0, 'l' (long), 'q' (long long) or 'z' (size_t) */
    char conv;             /* conversion letter */
} ConvSpec;

static void fmt_error(HPyContext *ctx, HPy type, const char *fmt, ...)
{
    char msg[256];
    va_list va;
    va_start(va, fmt);
    vsnprintf(msg, sizeof msg, fmt, va);
    va_end(va);
    HPyErr_SetString(ctx, type, msg);
}

/* Read a decimal number; -2 on overflow. */
static HPy_ssize_t read_number(const char **p)
{
    HPy_ssize_t n = 0;
    while (**p >= '0' && **p <= '9') {
        int digit = *(*p)++ - '0';
        if (n > (HPY_SSIZE_T_MAX - digit) / 10)
            return -2;
        n = n * 10 + digit;
    }
    return n;
}

/* Parse the spec after a '%'; returns the position after it, or NULL. */
static const char *read_spec(HPyContext *ctx, const char *p, ConvSpec *cs)
{
    const char *start = p - 1;
    cs->left = cs->zero = 0;
    cs->width = cs->precision = -1;
    cs->size = 0;
    for (;; p++) {
        if (*p == '-')
            cs->left = 1;
        else if (*p == '0')
            cs->zero = 1;
        else
            break;
    }
    if (*p >= '1' && *p <= '9') {
        cs->width = read_number(&p);
        if (cs->width == -2) {
            fmt_error(ctx, ctx->h_ValueError, "width too big in format");
            return NULL;
        }
    }
    if (*p == '.') {
        p++;
        cs->precision = read_number(&p);
        if (cs->precision == -2) {
            fmt_error(ctx, ctx->h_ValueError, "precision too big in format");
            return NULL;
        }
    }
    if (p[0] == 'l' && p[1] == 'l') {
        cs->size = 'q';
        p += 2;
    } else if (p[0] == 'l' || p[0] == 'z') {
        cs->size = p[0];
        p++;
    }
    cs->conv = *p;
    if (cs->conv == '\0' || strchr("cdiuxXpsUVSRA%", cs->conv) == NULL ||
        (cs->size != 0 && strchr("diuxX", cs->conv) == NULL)) {
        fmt_error(ctx, ctx->h_SystemError,
                  "HPyUnicode_FromFormat: invalid conversion '%.*s'",
                  (int)(p - start) + (*p != '\0'), start);
        return NULL;
    }
    if (cs->left)
        cs->zero = 0;  /* as in C: '-' wins over '0' */
    if (cs->zero && strchr("diuxX", cs->conv) == NULL) {
        fmt_error(ctx, ctx->h_SystemError,
                  "HPyUnicode_FromFormat: '%%%c' does not take the '0' flag", cs->conv);
        return NULL;
    }
    if ((cs->conv == 'c' || cs->conv == 'p') && (cs->width >= 0 || cs->precision >= 0)) {
        fmt_error(ctx, ctx->h_SystemError,
                  "HPyUnicode_FromFormat: '%%%c' takes no width or precision", cs->conv);
        return NULL;
    }
    return p + 1;
}

/* ------------------------------------------------------------------ */
/* rendering                                                           */

static size_t utf8_chars(const char *s, size_t n)
{
    size_t i, count = 0;
    for (i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* Byte length of the first `chars` characters of s[0..n). */
static size_t utf8_prefix(const char *s, size_t n, size_t chars)
{
    size_t i = 0;
    while (i < n && chars > 0) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

/* Write a text piece with the spec's width and alignment. */
static int pad_piece(Writer *w, const ConvSpec *cs, const char *s, size_t n)
{
    size_t chars = utf8_chars(s, n);
    size_t fill = cs->width > 0 && (size_t)cs->width > chars ? (size_t)cs->width - chars : 0;
    if (!cs->left && !w_fill(w, ' ', fill))
        return 0;
    if (!w_put(w, s, n))
        return 0;
    return !cs->left || w_fill(w, ' ', fill);
}

/* %s / %V with a C string: precision counts bytes, but never splits a
   UTF-8 sequence (an incomplete tail is dropped). */
static int put_c_string(Writer *w, const ConvSpec *cs, const char *s)
{
    size_t n = strlen(s);
    if (cs->precision >= 0 && (size_t)cs->precision < n) {
        size_t cut = (size_t)cs->precision;
        size_t lead = cut;
        while (lead > 0 && ((unsigned char)s[lead] & 0xC0) == 0x80)
            lead--;
        /* s[lead] starts the sequence that `cut` falls inside (if any) */
        n = cut == lead ? cut : lead;
    }
    return pad_piece(w, cs, s, n);
}

/* A str object: precision counts characters. */
static int put_str_object(HPyContext *ctx, Writer *w, const ConvSpec *cs, HPy str)
{
    HPy_ssize_t size;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, str, &size);
    size_t n;
    if (s == NULL)
        return 0;
    n = (size_t)size;
    if (cs->precision >= 0)
        n = utf8_prefix(s, n, (size_t)cs->precision);
    if (!pad_piece(w, cs, s, n)) {
        HPyErr_NoMemory(ctx);
        return 0;
    }
    return 1;
}

static int put_integer(Writer *w, const ConvSpec *cs, va_list *va)
{
    char digits[48];
    const char *d = digits;
    size_t n, zeros = 0, fill = 0, body;
    int negative = 0;
    int is_unsigned = cs->conv == 'u' || cs->conv == 'x' || cs->conv == 'X';

    if (is_unsigned) {
        unsigned long long v;
        if (cs->size == 'l')
            v = va_arg(*va, unsigned long);
        else if (cs->size == 'q')
            v = va_arg(*va, unsigned long long);
        else if (cs->size == 'z')
            v = va_arg(*va, size_t);
        else
            v = va_arg(*va, unsigned int);
        snprintf(digits, sizeof digits, cs->conv == 'u' ? "%llu" : cs->conv == 'x' ? "%llx" : "%llX", v);
    } else {
        long long v;
        if (cs->size == 'l')
            v = va_arg(*va, long);
        else if (cs->size == 'q')
            v = va_arg(*va, long long);
        else if (cs->size == 'z')
            v = va_arg(*va, HPy_ssize_t);
        else
            v = va_arg(*va, int);
        snprintf(digits, sizeof digits, "%lld", v);
        if (digits[0] == '-') {
            negative = 1;
            d++;
        }
    }
    n = strlen(d);
    /* precision: minimum number of digits, the sign not included */
    if (cs->precision >= 0 && (size_t)cs->precision > n)
        zeros = (size_t)cs->precision - n;
    body = (size_t)negative + zeros + n;
    if (cs->width >= 0 && (size_t)cs->width > body)
        fill = (size_t)cs->width - body;
    if (cs->zero) {
        /* zero padding goes between the sign and the digits */
        zeros += fill;
        fill = 0;
    }
    if (!cs->left && !w_fill(w, ' ', fill))
        return 0;
    if (negative && !w_put(w, "-", 1))
        return 0;
    if (!w_fill(w, '0', zeros) || !w_put(w, d, n))
        return 0;
    return !cs->left || w_fill(w, ' ', fill);
}

static int put_code_point(HPyContext *ctx, Writer *w, int cp)
{
    char buf[4];
    size_t n;
    if (cp < 0 || cp > 0x10FFFF) {
        fmt_error(ctx, ctx->h_OverflowError, "character argument not in range(0x110000)");
        return 0;
    }
    n = hilt_utf8_encode(cp, buf);
    if (!w_put(w, buf, n)) {
        HPyErr_NoMemory(ctx);
        return 0;
    }
    return 1;
}

/* Render one conversion. Returns 1, or 0 with an exception set. */
static int put_conversion(HPyContext *ctx, Writer *w, const ConvSpec *cs, va_list *va)
{
    int ok = 1;
    switch (cs->conv) {
    case '%':
        ok = w_put(w, "%", 1);
        break;
    case 'c':
        return put_code_point(ctx, w, va_arg(*va, int));
    case 'd': case 'i': case 'u': case 'x': case 'X':
        ok = put_integer(w, cs, va);
        break;
    case 'p': {
        /* always "0x" + lowercase hex, whatever the platform's printf does */
        char buf[2 + 2 * sizeof(uintptr_t) + 1];
        snprintf(buf, sizeof buf, "0x%llx",
                 (unsigned long long)(uintptr_t)va_arg(*va, void *));
        ok = w_put(w, buf, strlen(buf));
        break;
    }
    case 's': {
        const char *s = va_arg(*va, const char *);
        if (s == NULL) {
            fmt_error(ctx, ctx->h_SystemError, "HPyUnicode_FromFormat: NULL passed for '%%s'");
            return 0;
        }
        ok = put_c_string(w, cs, s);
        break;
    }
    case 'U': case 'V': {
        HPy h = va_arg(*va, HPy);
        const char *fallback = cs->conv == 'V' ? va_arg(*va, const char *) : NULL;
        if (HPy_IsNull(h)) {
            if (fallback != NULL) {
                ok = put_c_string(w, cs, fallback);
                break;
            }
            fmt_error(ctx, ctx->h_SystemError, "HPyUnicode_FromFormat: HPy_NULL passed for '%%%c'",
                      cs->conv);
            return 0;
        }
        if (!HPyUnicode_Check(ctx, h)) {
            fmt_error(ctx, ctx->h_SystemError, "HPyUnicode_FromFormat: '%%%c' needs a str",
                      cs->conv);
            return 0;
        }
        return put_str_object(ctx, w, cs, h);
    }
    case 'S': case 'R': case 'A': {
        HPy h = va_arg(*va, HPy);
        HPy text;
        if (HPy_IsNull(h)) {
            fmt_error(ctx, ctx->h_SystemError, "HPyUnicode_FromFormat: HPy_NULL passed for '%%%c'",
                      cs->conv);
            return 0;
        }
        text = cs->conv == 'S' ? HPy_Str(ctx, h) : cs->conv == 'R' ? HPy_Repr(ctx, h)
                                                                     : HPy_ASCII(ctx, h);
        if (HPy_IsNull(text))
            return 0;
        ok = put_str_object(ctx, w, cs, text);
        HPy_Close(ctx, text);
        return ok;
    }
    }
    if (!ok)
        HPyErr_NoMemory(ctx);
    return ok;
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */

static HPy writer_to_str(HPyContext *ctx, Writer *w)
{
    HPy result, bytes;
    if (!w_reserve(w, 0))
        return HPyErr_NoMemory(ctx);
    w->buf[w->len] = '\0';
    if (!w->has_nul)
        return HPyUnicode_FromString(ctx, w->buf);
    /* embedded NULs: HPyUnicode_FromString would stop early */
    bytes = HPyBytes_FromStringAndSize(ctx, w->buf, (HPy_ssize_t)w->len);
    if (HPy_IsNull(bytes))
        return HPy_NULL;
    result = HPyUnicode_FromEncodedObject(ctx, bytes, "utf-8", "strict");
    HPy_Close(ctx, bytes);
    return result;
}

HPyAPI_HELPER HPy
HPyUnicode_FromFormatV(HPyContext *ctx, const char *format, va_list vargs)
{
    Writer w;
    ConvSpec cs;
    const char *p = format;
    HPy result = HPy_NULL;
    va_list va;

    if (format == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "HPyUnicode_FromFormat: the format is NULL");
        return HPy_NULL;
    }
    w_init(&w);
    /* a copy we can hand on by pointer to the helpers */
    va_copy(va, vargs);
    while (*p != '\0') {
        if (*p == '%') {
            p = read_spec(ctx, p + 1, &cs);
            if (p == NULL || !put_conversion(ctx, &w, &cs, &va))
                goto done;
            continue;
        }
        /* a run of literal text, which must be ASCII */
        const char *run = p;
        while (*p != '\0' && *p != '%') {
            if ((unsigned char)*p > 127) {
                fmt_error(ctx, ctx->h_ValueError, "expected an ASCII-encoded format "
                          "string, got a non-ASCII byte: 0x%02x", (unsigned char)*p);
                goto done;
            }
            p++;
        }
        if (!w_put(&w, run, (size_t)(p - run))) {
            HPyErr_NoMemory(ctx);
            goto done;
        }
    }
    result = writer_to_str(ctx, &w);
done:
    va_end(va);
    w_free(&w);
    return result;
}

HPyAPI_HELPER HPy
HPyUnicode_FromFormat(HPyContext *ctx, const char *fmt, ...)
{
    va_list va;
    HPy result;
    va_start(va, fmt);
    result = HPyUnicode_FromFormatV(ctx, fmt, va);
    va_end(va);
    return result;
}

HPyAPI_HELPER HPy
HPyErr_Format(HPyContext *ctx, HPy h_type, const char *fmt, ...)
{
    va_list va;
    HPy message;
    va_start(va, fmt);
    message = HPyUnicode_FromFormatV(ctx, fmt, va);
    va_end(va);
    /* if the message could not be built, that error is the one to report */
    if (!HPy_IsNull(message)) {
        HPyErr_SetObject(ctx, h_type, message);
        HPy_Close(ctx, message);
    }
    return HPy_NULL;
}
