/* hjson: a JSON codec with the standard library json module's dumps and
   loads for the common options (indent, sort_keys, separators, ensure_ascii,
   default, object_hook, parse_float/parse_int, allow_nan), written against
   Hilt's API: one .hpy0.so for every backend. The encoder writes into one
   growing byte buffer; the decoder walks the UTF-8 of the input once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define HILT_TARGET_ABI_MINOR 1
#include "hpy.h"

/* ---- a growing UTF-8 buffer --------------------------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} Buf;

static int buf_put(HPyContext *ctx, Buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n)
            cap *= 2;
        p = realloc(b->p, cap);
        if (p == NULL) {
            HPyErr_NoMemory(ctx);
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

static int buf_puts(HPyContext *ctx, Buf *b, const char *s)
{
    return buf_put(ctx, b, s, strlen(s));
}

/* A str from `n` bytes of UTF-8 (which may hold NULs). */
static HPy utf8_str(HPyContext *ctx, const char *p, size_t n, const char *errors)
{
    HPy bytes = HPyBytes_FromStringAndSize(ctx, n ? p : "", (HPy_ssize_t)n), s;
    if (HPy_IsNull(bytes))
        return HPy_NULL;
    s = HPyUnicode_FromEncodedObject(ctx, bytes, "utf-8", errors);
    HPy_Close(ctx, bytes);
    return s;
}

/* ---- encoding ------------------------------------------------------------ */

/* builtins.id, to recognise a container met twice. */
static HPyGlobal IdFunction;

typedef struct {
    HPy default_fn;      /* or HPy_NULL */
    HPy indent;          /* a str, or HPy_NULL for compact output */
    HPy item_sep, key_sep;
    int sort_keys, ensure_ascii, allow_nan, skipkeys;
    int depth;
    HPy markers;         /* id(obj) -> obj of the containers being encoded */
} Encoder;

static int put_str(HPyContext *ctx, Buf *b, HPy s)
{
    HPy_ssize_t n;
    const char *u = HPyUnicode_AsUTF8AndSize(ctx, s, &n);
    return u == NULL ? -1 : buf_put(ctx, b, u, (size_t)n);
}

/* A str as a JSON string literal. */
static int encode_string(HPyContext *ctx, Encoder *e, Buf *b, HPy s)
{
    HPy_ssize_t n, i;
    const unsigned char *u = (const unsigned char *)HPyUnicode_AsUTF8AndSize(ctx, s, &n);
    char esc[16];
    if (u == NULL || buf_put(ctx, b, "\"", 1) < 0)
        return -1;
    for (i = 0; i < n; i++) {
        unsigned char c = u[i];
        const char *rep = NULL;
        switch (c) {
        case '"': rep = "\\\""; break;
        case '\\': rep = "\\\\"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        case '\b': rep = "\\b"; break;
        case '\f': rep = "\\f"; break;
        }
        if (rep) {
            if (buf_puts(ctx, b, rep) < 0)
                return -1;
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            if (buf_puts(ctx, b, esc) < 0)
                return -1;
        } else if (c < 0x80 || !e->ensure_ascii) {
            if (buf_put(ctx, b, (const char *)&u[i], 1) < 0)
                return -1;
        } else {
            /* A UTF-8 sequence: its code point as \uXXXX (a surrogate pair
               above the BMP). */
            unsigned cp;
            int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
            cp = c & (0x3f >> extra);
            while (extra-- > 0 && i + 1 < n)
                cp = (cp << 6) | (u[++i] & 0x3f);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                snprintf(esc, sizeof esc, "\\u%04x\\u%04x", 0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
            } else {
                snprintf(esc, sizeof esc, "\\u%04x", cp);
            }
            if (buf_puts(ctx, b, esc) < 0)
                return -1;
        }
    }
    return buf_put(ctx, b, "\"", 1);
}

/* A float as json writes it: repr, or NaN/Infinity when allowed. */
static int encode_float(HPyContext *ctx, Encoder *e, Buf *b, HPy f)
{
    double v = HPyFloat_AsDouble(ctx, f);
    HPy r;
    int rc;
    if (v == -1.0 && HPyErr_Occurred(ctx))
        return -1;
    if (v != v || v == 1.0 / 0.0 || v == -1.0 / 0.0) {
        if (!e->allow_nan) {
            HPy s = HPy_Repr(ctx, f);
            const char *t = HPy_IsNull(s) ? "?" : HPyUnicode_AsUTF8AndSize(ctx, s, NULL);
            HPyErr_Format(ctx, ctx->h_ValueError, "Out of range float values are not JSON compliant: %s", t ? t : "?");
            if (!HPy_IsNull(s))
                HPy_Close(ctx, s);
            return -1;
        }
        return buf_puts(ctx, b, v != v ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
    /* float.__repr__ even for subclasses, as json does. */
    r = HPy_Call(ctx, ctx->h_FloatType, &f, 1, HPy_NULL);
    if (HPy_IsNull(r))
        return -1;
    {
        HPy s = HPy_Repr(ctx, r);
        HPy_Close(ctx, r);
        if (HPy_IsNull(s))
            return -1;
        rc = put_str(ctx, b, s);
        HPy_Close(ctx, s);
    }
    return rc;
}

/* An int as json writes it: int.__repr__ (bool excluded by the caller). */
static int encode_int(HPyContext *ctx, Buf *b, HPy i)
{
    HPy exact = HPy_Long(ctx, i), s;
    int rc;
    if (HPy_IsNull(exact))
        return -1;
    s = HPy_Repr(ctx, exact);
    HPy_Close(ctx, exact);
    if (HPy_IsNull(s))
        return -1;
    rc = put_str(ctx, b, s);
    HPy_Close(ctx, s);
    return rc;
}

static int encode(HPyContext *ctx, Encoder *e, Buf *b, HPy o);

static int newline_indent(HPyContext *ctx, Encoder *e, Buf *b)
{
    int i;
    if (HPy_IsNull(e->indent))
        return 0;
    if (buf_put(ctx, b, "\n", 1) < 0)
        return -1;
    for (i = 0; i < e->depth; i++)
        if (put_str(ctx, b, e->indent) < 0)
            return -1;
    return 0;
}

/* Enter a container: refuse a cycle (json's "Circular reference detected"). */
static int enter(HPyContext *ctx, Encoder *e, HPy o, HPy *key)
{
    int seen;
    /* The object's identity: id(o), through the builtin. */
    {
        HPy id_fn = HPyGlobal_Load(ctx, IdFunction);
        if (HPy_IsNull(id_fn))
            return -1;
        *key = HPy_Call(ctx, id_fn, &o, 1, HPy_NULL);
        HPy_Close(ctx, id_fn);
    }
    if (HPy_IsNull(*key))
        return -1;
    seen = HPy_Contains(ctx, e->markers, *key);
    if (seen != 0) {
        if (seen > 0)
            HPyErr_SetString(ctx, ctx->h_ValueError, "Circular reference detected");
        HPy_Close(ctx, *key);
        return -1;
    }
    if (HPy_SetItem(ctx, e->markers, *key, o) < 0) {
        HPy_Close(ctx, *key);
        return -1;
    }
    e->depth++;
    return 0;
}

static int leave(HPyContext *ctx, Encoder *e, HPy key)
{
    int rc = HPy_DelItem(ctx, e->markers, key);
    HPy_Close(ctx, key);
    e->depth--;
    return rc;
}

static int encode_list(HPyContext *ctx, Encoder *e, Buf *b, HPy seq)
{
    HPy_ssize_t n = HPy_Length(ctx, seq), i;
    HPy key;
    if (n < 0)
        return -1;
    if (n == 0)
        return buf_puts(ctx, b, "[]");
    if (enter(ctx, e, seq, &key) < 0 || buf_put(ctx, b, "[", 1) < 0 || newline_indent(ctx, e, b) < 0)
        return -1;
    for (i = 0; i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, seq, i);
        int rc;
        if (HPy_IsNull(item))
            return -1;
        rc = (i > 0 && (put_str(ctx, b, e->item_sep) < 0 || newline_indent(ctx, e, b) < 0)) ? -1
             : encode(ctx, e, b, item);
        HPy_Close(ctx, item);
        if (rc < 0)
            return -1;
    }
    if (leave(ctx, e, key) < 0 || newline_indent(ctx, e, b) < 0)
        return -1;
    return buf_put(ctx, b, "]", 1);
}

/* A dict key as json writes it, or HPy_NULL with skip set (skipkeys). */
static HPy key_string(HPyContext *ctx, Encoder *e, HPy k, int *skip)
{
    *skip = 0;
    if (HPyUnicode_Check(ctx, k))
        return HPy_Dup(ctx, k);
    if (HPy_Is(ctx, k, ctx->h_True))
        return HPyUnicode_FromString(ctx, "true");
    if (HPy_Is(ctx, k, ctx->h_False))
        return HPyUnicode_FromString(ctx, "false");
    if (HPy_Is(ctx, k, ctx->h_None))
        return HPyUnicode_FromString(ctx, "null");
    if (HPy_TypeCheck(ctx, k, ctx->h_FloatType) || HPy_TypeCheck(ctx, k, ctx->h_LongType)) {
        Buf t = {0};
        HPy s;
        int rc = HPy_TypeCheck(ctx, k, ctx->h_FloatType) ? encode_float(ctx, e, &t, k) : encode_int(ctx, &t, k);
        if (rc < 0) {
            free(t.p);
            return HPy_NULL;
        }
        s = utf8_str(ctx, t.p, t.len, "strict");
        free(t.p);
        return s;
    }
    if (e->skipkeys) {
        *skip = 1;
        return HPy_NULL;
    }
    {
        HPy tname = HPy_Type(ctx, k);
        HPyErr_Format(ctx, ctx->h_TypeError, "keys must be str, int, float, bool or None, not %s",
                      HPy_IsNull(tname) ? "?" : HPyType_GetName(ctx, tname));
        if (!HPy_IsNull(tname))
            HPy_Close(ctx, tname);
    }
    return HPy_NULL;
}

static int encode_dict(HPyContext *ctx, Encoder *e, Buf *b, HPy d)
{
    HPy keys, key;
    HPy_ssize_t n, i;
    int first = 1, rc = -1;
    if (HPy_Length(ctx, d) == 0)
        return buf_puts(ctx, b, "{}");
    keys = HPyDict_Keys(ctx, d);
    if (HPy_IsNull(keys))
        return -1;
    if (e->sort_keys) {
        HPy name = HPyUnicode_FromString(ctx, "sort"), done;
        done = HPy_IsNull(name) ? HPy_NULL : HPy_CallMethod(ctx, name, &keys, 1, HPy_NULL);
        if (!HPy_IsNull(name))
            HPy_Close(ctx, name);
        if (HPy_IsNull(done)) {
            HPy_Close(ctx, keys);
            return -1;
        }
        HPy_Close(ctx, done);
    }
    if (enter(ctx, e, d, &key) < 0) {
        HPy_Close(ctx, keys);
        return -1;
    }
    if (buf_put(ctx, b, "{", 1) < 0 || newline_indent(ctx, e, b) < 0)
        goto done;
    n = HPy_Length(ctx, keys);
    for (i = 0; i < n; i++) {
        HPy k = HPy_GetItem_i(ctx, keys, i), v = HPy_NULL, ks = HPy_NULL;
        int skip = 0, bad = HPy_IsNull(k);
        if (!bad)
            bad = HPy_IsNull(v = HPy_GetItem(ctx, d, k)) || (HPy_IsNull(ks = key_string(ctx, e, k, &skip)) && !skip);
        if (!bad && !skip) {
            bad = (!first && (put_str(ctx, b, e->item_sep) < 0 || newline_indent(ctx, e, b) < 0)) ||
                  encode_string(ctx, e, b, ks) < 0 || put_str(ctx, b, e->key_sep) < 0 || encode(ctx, e, b, v) < 0;
            first = 0;
        }
        if (!HPy_IsNull(k)) HPy_Close(ctx, k);
        if (!HPy_IsNull(v)) HPy_Close(ctx, v);
        if (!HPy_IsNull(ks)) HPy_Close(ctx, ks);
        if (bad)
            goto done;
    }
    rc = 0;
done:
    if (leave(ctx, e, key) < 0)
        rc = -1;
    HPy_Close(ctx, keys);
    if (rc == 0 && (newline_indent(ctx, e, b) < 0 || buf_put(ctx, b, "}", 1) < 0))
        rc = -1;
    return rc;
}

static int encode(HPyContext *ctx, Encoder *e, Buf *b, HPy o)
{
    if (HPy_Is(ctx, o, ctx->h_None))
        return buf_puts(ctx, b, "null");
    if (HPy_Is(ctx, o, ctx->h_True))
        return buf_puts(ctx, b, "true");
    if (HPy_Is(ctx, o, ctx->h_False))
        return buf_puts(ctx, b, "false");
    if (HPyUnicode_Check(ctx, o))
        return encode_string(ctx, e, b, o);
    if (HPy_TypeCheck(ctx, o, ctx->h_LongType))
        return encode_int(ctx, b, o);
    if (HPy_TypeCheck(ctx, o, ctx->h_FloatType))
        return encode_float(ctx, e, b, o);
    if (HPyList_Check(ctx, o) || HPyTuple_Check(ctx, o))
        return encode_list(ctx, e, b, o);
    if (HPyDict_Check(ctx, o))
        return encode_dict(ctx, e, b, o);
    if (!HPy_IsNull(e->default_fn)) {
        HPy key, r;
        int rc;
        if (enter(ctx, e, o, &key) < 0)
            return -1;
        r = HPy_Call(ctx, e->default_fn, &o, 1, HPy_NULL);
        if (HPy_IsNull(r)) {
            HPy_Close(ctx, key);
            return -1;
        }
        e->depth--; /* default's result is not one level deeper */
        rc = encode(ctx, e, b, r);
        e->depth++;
        HPy_Close(ctx, r);
        return rc < 0 ? (HPy_Close(ctx, key), -1) : leave(ctx, e, key);
    }
    {
        HPy tname = HPy_Type(ctx, o);
        HPyErr_Format(ctx, ctx->h_TypeError, "Object of type %s is not JSON serializable",
                      HPy_IsNull(tname) ? "?" : HPyType_GetName(ctx, tname));
        if (!HPy_IsNull(tname))
            HPy_Close(ctx, tname);
    }
    return -1;
}

static const char *dumps_kw[] = {"obj", "skipkeys", "ensure_ascii", "check_circular", "allow_nan", "indent",
                                 "separators", "default", "sort_keys", NULL};

HPyDef_METH(dumps, "dumps", HPyFunc_KEYWORDS,
            .doc = "dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, "
                   "indent=None, separators=None, default=None, sort_keys=False): obj as a JSON str.")
static HPy dumps_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy obj, indent = HPy_NULL, seps = HPy_NULL, deflt = HPy_NULL, r = HPy_NULL;
    int skipkeys = 0, ensure_ascii = 1, check_circular = 1, allow_nan = 1, sort_keys = 0;
    HPyTracker ht;
    Encoder e = {0};
    Buf b = {0};
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|$ppppOOOp:dumps", dumps_kw, &obj, &skipkeys,
                              &ensure_ascii, &check_circular, &allow_nan, &indent, &seps, &deflt, &sort_keys))
        return HPy_NULL;
    (void)check_circular;
    e.ensure_ascii = ensure_ascii;
    e.allow_nan = allow_nan;
    e.sort_keys = sort_keys;
    e.skipkeys = skipkeys;
    e.default_fn = (!HPy_IsNull(deflt) && !HPy_Is(ctx, deflt, ctx->h_None)) ? deflt : HPy_NULL;
    /* indent: None (compact), an int (that many spaces) or a str. */
    if (!HPy_IsNull(indent) && !HPy_Is(ctx, indent, ctx->h_None)) {
        if (HPyUnicode_Check(ctx, indent)) {
            e.indent = HPy_Dup(ctx, indent);
        } else {
            long n = HPyLong_AsLong(ctx, indent);
            char spaces[256];
            if (n == -1 && HPyErr_Occurred(ctx))
                goto done;
            if (n < 0)
                n = 0;
            if (n > 255)
                n = 255;
            memset(spaces, ' ', (size_t)n);
            e.indent = utf8_str(ctx, spaces, (size_t)n, "strict");
        }
    }
    if (!HPy_IsNull(seps) && !HPy_Is(ctx, seps, ctx->h_None)) {
        if (HPy_Length(ctx, seps) != 2) {
            if (!HPyErr_Occurred(ctx))
                HPyErr_SetString(ctx, ctx->h_ValueError, "separators must be an (item_separator, key_separator) pair");
            goto done;
        }
        e.item_sep = HPy_GetItem_i(ctx, seps, 0);
        e.key_sep = HPy_GetItem_i(ctx, seps, 1);
    } else {
        e.item_sep = HPyUnicode_FromString(ctx, HPy_IsNull(e.indent) ? ", " : ",");
        e.key_sep = HPyUnicode_FromString(ctx, ": ");
    }
    e.markers = HPyDict_New(ctx);
    if (HPy_IsNull(e.item_sep) || HPy_IsNull(e.key_sep) || HPy_IsNull(e.markers))
        goto done;
    if (encode(ctx, &e, &b, obj) == 0)
        r = utf8_str(ctx, b.p, b.len, "strict");
done:
    free(b.p);
    if (!HPy_IsNull(e.indent)) HPy_Close(ctx, e.indent);
    if (!HPy_IsNull(e.item_sep)) HPy_Close(ctx, e.item_sep);
    if (!HPy_IsNull(e.key_sep)) HPy_Close(ctx, e.key_sep);
    if (!HPy_IsNull(e.markers)) HPy_Close(ctx, e.markers);
    HPyTracker_Close(ctx, ht);
    return r;
}

/* ---- decoding ------------------------------------------------------------ */

typedef struct {
    const char *s;       /* the document, UTF-8 */
    HPy_ssize_t n;
    HPy doc;             /* the str being decoded (for the error) */
    HPy object_hook, parse_float, parse_int;
    int depth;
} Decoder;

static HPyGlobal DecodeError;

/* json.JSONDecodeError(msg, doc, pos): pos counts characters, not bytes. */
static HPy fail(HPyContext *ctx, Decoder *d, const char *msg, HPy_ssize_t byte_pos)
{
    HPy_ssize_t chars = 0, i;
    HPy err_type, args[3], exc;
    for (i = 0; i < byte_pos && i < d->n; i++)
        if (((unsigned char)d->s[i] & 0xc0) != 0x80)
            chars++;
    err_type = HPyGlobal_Load(ctx, DecodeError);
    if (HPy_IsNull(err_type))
        return HPy_NULL;
    args[0] = HPyUnicode_FromString(ctx, msg);
    args[1] = d->doc;
    args[2] = HPyLong_FromSsize_t(ctx, chars);
    exc = HPy_Call(ctx, err_type, args, 3, HPy_NULL);
    if (!HPy_IsNull(exc)) {
        HPyErr_SetObject(ctx, err_type, exc);
        HPy_Close(ctx, exc);
    }
    HPy_Close(ctx, args[0]);
    HPy_Close(ctx, args[2]);
    HPy_Close(ctx, err_type);
    return HPy_NULL;
}

static HPy_ssize_t skip_ws(Decoder *d, HPy_ssize_t i)
{
    while (i < d->n && (d->s[i] == ' ' || d->s[i] == '\t' || d->s[i] == '\n' || d->s[i] == '\r'))
        i++;
    return i;
}

static HPy decode_value(HPyContext *ctx, Decoder *d, HPy_ssize_t *pos);

static int hex4(const char *p)
{
    int v = 0, k;
    for (k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

static int put_utf8(HPyContext *ctx, Buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xc0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3f)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3f)); u[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
    } else {
        u[0] = (char)(0xf0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); u[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
    }
    return buf_put(ctx, b, u, n);
}

/* A string literal starting at the quote at *pos. A lone surrogate escape
   cannot be UTF-8: such strings come back as HPy_NULL with *lone set, and
   the caller decodes them with the surrogatepass handler. */
static HPy decode_string(HPyContext *ctx, Decoder *d, HPy_ssize_t *pos)
{
    HPy_ssize_t i = *pos + 1, start = *pos;
    Buf b = {0};
    HPy r;
    int lone = 0;
    while (1) {
        unsigned char c;
        if (i >= d->n) {
            free(b.p);
            return fail(ctx, d, "Unterminated string starting at", start);
        }
        c = (unsigned char)d->s[i];
        if (c == '"')
            break;
        if (c < 0x20) {
            free(b.p);
            return fail(ctx, d, "Invalid control character at", i);
        }
        if (c != '\\') {
            HPy_ssize_t j = i;
            while (j < d->n && d->s[j] != '"' && d->s[j] != '\\' && (unsigned char)d->s[j] >= 0x20)
                j++;
            if (buf_put(ctx, &b, d->s + i, (size_t)(j - i)) < 0)
                goto oom;
            i = j;
            continue;
        }
        if (i + 1 >= d->n) {
            free(b.p);
            return fail(ctx, d, "Unterminated string starting at", start);
        }
        c = (unsigned char)d->s[++i];
        {
            const char *simple = c == '"' ? "\"" : c == '\\' ? "\\" : c == '/' ? "/" : c == 'b' ? "\b"
                               : c == 'f' ? "\f" : c == 'n' ? "\n" : c == 'r' ? "\r" : c == 't' ? "\t" : NULL;
            if (simple) {
                if (buf_put(ctx, &b, simple, 1) < 0)
                    goto oom;
                i++;
                continue;
            }
        }
        if (c != 'u') {
            free(b.p);
            return fail(ctx, d, "Invalid \\escape", i - 1);
        }
        {
            int cp = i + 4 < d->n ? hex4(d->s + i + 1) : -1;
            if (cp < 0) {
                free(b.p);
                return fail(ctx, d, "Invalid \\uXXXX escape", i);
            }
            i += 5;
            if (cp >= 0xd800 && cp <= 0xdbff && i + 5 < d->n && d->s[i] == '\\' && d->s[i + 1] == 'u') {
                int lo = hex4(d->s + i + 2);
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    i += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff)
                lone = 1;
            if (put_utf8(ctx, &b, (unsigned)cp) < 0)
                goto oom;
        }
    }
    *pos = i + 1;
    /* Lone surrogate escapes are not UTF-8: their 3-byte forms go through
       the surrogatepass handler, as json keeps them. */
    r = utf8_str(ctx, b.p, b.len, lone ? "surrogatepass" : "strict");
    free(b.p);
    return r;
oom:
    free(b.p);
    return HPy_NULL;
}

static HPy decode_number(HPyContext *ctx, Decoder *d, HPy_ssize_t *pos)
{
    HPy_ssize_t i = *pos, start = *pos;
    int is_float = 0;
    HPy text, r;
    if (i < d->n && d->s[i] == '-')
        i++;
    if (i < d->n && d->s[i] == '0')
        i++;
    else if (i < d->n && d->s[i] >= '1' && d->s[i] <= '9')
        while (i < d->n && d->s[i] >= '0' && d->s[i] <= '9')
            i++;
    else
        return fail(ctx, d, "Expecting value", start);
    if (i + 1 < d->n && d->s[i] == '.' && d->s[i + 1] >= '0' && d->s[i + 1] <= '9') {
        is_float = 1;
        i++;
        while (i < d->n && d->s[i] >= '0' && d->s[i] <= '9')
            i++;
    }
    if (i < d->n && (d->s[i] == 'e' || d->s[i] == 'E')) {
        HPy_ssize_t j = i + 1;
        if (j < d->n && (d->s[j] == '+' || d->s[j] == '-'))
            j++;
        if (j < d->n && d->s[j] >= '0' && d->s[j] <= '9') {
            is_float = 1;
            i = j;
            while (i < d->n && d->s[i] >= '0' && d->s[i] <= '9')
                i++;
        }
    }
    *pos = i;
    text = utf8_str(ctx, d->s + start, (size_t)(i - start), "strict");
    if (HPy_IsNull(text))
        return HPy_NULL;
    {
        HPy parse = is_float ? d->parse_float : d->parse_int;
        if (!HPy_IsNull(parse))
            r = HPy_Call(ctx, parse, &text, 1, HPy_NULL);
        else
            r = is_float ? HPyFloat_FromDouble(ctx, strtod(d->s + start, NULL)) : HPy_Long(ctx, text);
    }
    HPy_Close(ctx, text);
    return r;
}

static HPy decode_array(HPyContext *ctx, Decoder *d, HPy_ssize_t *pos)
{
    HPy list = HPyList_New(ctx, 0);
    HPy_ssize_t i = skip_ws(d, *pos + 1);
    if (HPy_IsNull(list))
        return HPy_NULL;
    if (i < d->n && d->s[i] == ']') {
        *pos = i + 1;
        return list;
    }
    while (1) {
        HPy v = decode_value(ctx, d, &i);
        int rc;
        if (HPy_IsNull(v))
            goto bad;
        rc = HPyList_Append(ctx, list, v);
        HPy_Close(ctx, v);
        if (rc < 0)
            goto bad;
        i = skip_ws(d, i);
        if (i < d->n && d->s[i] == ']')
            break;
        if (i >= d->n || d->s[i] != ',') {
            fail(ctx, d, "Expecting ',' delimiter", i);
            goto bad;
        }
        i = skip_ws(d, i + 1);
    }
    *pos = i + 1;
    return list;
bad:
    HPy_Close(ctx, list);
    return HPy_NULL;
}

static HPy decode_object(HPyContext *ctx, Decoder *d, HPy_ssize_t *pos)
{
    HPy dict = HPyDict_New(ctx), r;
    HPy_ssize_t i = skip_ws(d, *pos + 1);
    if (HPy_IsNull(dict))
        return HPy_NULL;
    if (i < d->n && d->s[i] == '}') {
        i++;
        goto done;
    }
    while (1) {
        HPy k, v;
        int rc;
        if (i >= d->n || d->s[i] != '"') {
            fail(ctx, d, "Expecting property name enclosed in double quotes", i);
            goto bad;
        }
        k = decode_string(ctx, d, &i);
        if (HPy_IsNull(k))
            goto bad;
        i = skip_ws(d, i);
        if (i >= d->n || d->s[i] != ':') {
            HPy_Close(ctx, k);
            fail(ctx, d, "Expecting ':' delimiter", i);
            goto bad;
        }
        i = skip_ws(d, i + 1);
        v = decode_value(ctx, d, &i);
        if (HPy_IsNull(v)) {
            HPy_Close(ctx, k);
            goto bad;
        }
        rc = HPy_SetItem(ctx, dict, k, v);
        HPy_Close(ctx, k);
        HPy_Close(ctx, v);
        if (rc < 0)
            goto bad;
        i = skip_ws(d, i);
        if (i < d->n && d->s[i] == '}') {
            i++;
            break;
        }
        if (i >= d->n || d->s[i] != ',') {
            fail(ctx, d, "Expecting ',' delimiter", i);
            goto bad;
        }
        i = skip_ws(d, i + 1);
    }
done:
    *pos = i;
    if (HPy_IsNull(d->object_hook))
        return dict;
    r = HPy_Call(ctx, d->object_hook, &dict, 1, HPy_NULL);
    HPy_Close(ctx, dict);
    return r;
bad:
    HPy_Close(ctx, dict);
    return HPy_NULL;
}

/* `word` at *pos: its value (true, false, null, NaN, Infinity, -Infinity). */
static int literal(Decoder *d, HPy_ssize_t pos, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(d->n - pos) >= n && memcmp(d->s + pos, word, n) == 0;
}

static HPy decode_value(HPyContext *ctx, Decoder *d, HPy_ssize_t *pos)
{
    HPy_ssize_t i = skip_ws(d, *pos);
    HPy r;
    char c;
    if (i >= d->n)
        return fail(ctx, d, "Expecting value", i);
    c = d->s[i];
    if (c == '"') {
        r = decode_string(ctx, d, &i);
    } else if (c == '{' || c == '[') {
        if (++d->depth > 1000) {
            HPyErr_SetString(ctx, ctx->h_RecursionError, "maximum recursion depth exceeded while decoding a JSON document");
            return HPy_NULL;
        }
        r = c == '{' ? decode_object(ctx, d, &i) : decode_array(ctx, d, &i);
        d->depth--;
    } else if (literal(d, i, "true")) {
        r = HPy_Dup(ctx, ctx->h_True);
        i += 4;
    } else if (literal(d, i, "false")) {
        r = HPy_Dup(ctx, ctx->h_False);
        i += 5;
    } else if (literal(d, i, "null")) {
        r = HPy_Dup(ctx, ctx->h_None);
        i += 4;
    } else if (literal(d, i, "NaN") || literal(d, i, "Infinity") || literal(d, i, "-Infinity")) {
        const char *w = c == 'N' ? "nan" : c == 'I' ? "inf" : "-inf";
        i += c == 'N' ? 3 : c == 'I' ? 8 : 9;
        r = HPyFloat_FromDouble(ctx, strtod(w, NULL));
    } else {
        r = decode_number(ctx, d, &i);
    }
    *pos = i;
    return r;
}

static const char *loads_kw[] = {"s", "object_hook", "parse_float", "parse_int", NULL};

HPyDef_METH(loads, "loads", HPyFunc_KEYWORDS,
            .doc = "loads(s, *, object_hook=None, parse_float=None, parse_int=None): the object a JSON document "
                   "describes; JSONDecodeError (a ValueError) with the position on bad input.")
static HPy loads_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy s, hook = HPy_NULL, pf = HPy_NULL, pi = HPy_NULL, text = HPy_NULL, r = HPy_NULL;
    HPyTracker ht;
    Decoder d = {0};
    HPy_ssize_t pos = 0;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|$OOO:loads", loads_kw, &s, &hook, &pf, &pi))
        return HPy_NULL;
    if (HPyBytes_Check(ctx, s)) {
        HPy dec = HPy_GetAttr_s(ctx, s, "decode");
        text = HPy_IsNull(dec) ? HPy_NULL : HPy_Call(ctx, dec, NULL, 0, HPy_NULL);
        if (!HPy_IsNull(dec))
            HPy_Close(ctx, dec);
    } else if (HPyUnicode_Check(ctx, s)) {
        text = HPy_Dup(ctx, s);
    } else {
        HPy tname = HPy_Type(ctx, s);
        HPyErr_Format(ctx, ctx->h_TypeError, "the JSON object must be str, bytes or bytearray, not %s",
                      HPy_IsNull(tname) ? "?" : HPyType_GetName(ctx, tname));
        if (!HPy_IsNull(tname))
            HPy_Close(ctx, tname);
    }
    if (HPy_IsNull(text))
        goto done;
    d.s = HPyUnicode_AsUTF8AndSize(ctx, text, &d.n);
    if (d.s == NULL)
        goto done;
    d.doc = text;
    if (d.n >= 3 && memcmp(d.s, "\xef\xbb\xbf", 3) == 0) {
        fail(ctx, &d, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        goto done;
    }
    d.doc = text;
    d.object_hook = HPy_Is(ctx, hook, ctx->h_None) ? HPy_NULL : hook;
    d.parse_float = HPy_Is(ctx, pf, ctx->h_None) ? HPy_NULL : pf;
    d.parse_int = HPy_Is(ctx, pi, ctx->h_None) ? HPy_NULL : pi;
    r = decode_value(ctx, &d, &pos);
    if (!HPy_IsNull(r)) {
        pos = skip_ws(&d, pos);
        if (pos != d.n) {
            HPy_Close(ctx, r);
            r = fail(ctx, &d, "Extra data", pos);
        }
    }
done:
    if (!HPy_IsNull(text))
        HPy_Close(ctx, text);
    HPyTracker_Close(ctx, ht);
    return r;
}

HPyDef_SLOT(hjson_exec, HPy_mod_exec)
static int hjson_exec_impl(HPyContext *ctx, HPy module)
{
    /* JSONDecodeError is json's own class, so `except json.JSONDecodeError`
       catches ours too. */
    HPy json = HPyImport_ImportModule(ctx, "json"), err, builtins, id_fn;
    int rc;
    if (HPy_IsNull(json))
        return -1;
    builtins = HPyImport_ImportModule(ctx, "builtins");
    id_fn = HPy_IsNull(builtins) ? HPy_NULL : HPy_GetAttr_s(ctx, builtins, "id");
    if (!HPy_IsNull(builtins))
        HPy_Close(ctx, builtins);
    if (HPy_IsNull(id_fn)) {
        HPy_Close(ctx, json);
        return -1;
    }
    HPyGlobal_Store(ctx, &IdFunction, id_fn);
    HPy_Close(ctx, id_fn);
    err = HPy_GetAttr_s(ctx, json, "JSONDecodeError");
    HPy_Close(ctx, json);
    if (HPy_IsNull(err))
        return -1;
    HPyGlobal_Store(ctx, &DecodeError, err);
    rc = HPy_SetAttr_s(ctx, module, "JSONDecodeError", err);
    HPy_Close(ctx, err);
    return rc;
}

static HPyDef *defines[] = {&dumps, &loads, &hjson_exec, NULL};
static HPyGlobal *globals[] = {&DecodeError, &IdFunction, NULL};
static HPyModuleDef moduledef = {
    .doc = "JSON dumps/loads compatible with the json module's common options, on Hilt.",
    .defines = defines,
    .globals = globals,
};

HPy_MODINIT(hjson, moduledef)
