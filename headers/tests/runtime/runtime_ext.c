/*
 * runtime_ext: a universal-ABI test module exercising the helper runtime
 * (argument parsing, HPy_BuildValue, string formatting, helpers and struct
 * sequences). test_runtime.py drives it and checks the results against
 * CPython's own behaviour.
 */
#include "hpy.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* argument parsing: one unit at a time                                */

enum { MODE_POS, MODE_KWNAMES, MODE_DICT };

/* The first value unit of a format (markers skipped). */
static char first_unit(const char *fmt)
{
    while (*fmt == '|' || *fmt == '$')
        fmt++;
    return *fmt;
}

#define PARSE(...)                                                                 \
    (mode == MODE_POS ? HPyArg_Parse(ctx, &ht, args, (size_t)nargs, fmt, __VA_ARGS__) \
     : mode == MODE_KWNAMES                                                         \
         ? HPyArg_ParseKeywords(ctx, &ht, args, (size_t)nargs, kw, fmt, kwlist, __VA_ARGS__) \
         : HPyArg_ParseKeywordsDict(ctx, &ht, args, nargs, kw, fmt, kwlist, __VA_ARGS__))

/*
 * Parse the values with format `fmt` (one unit, plus optional markers and
 * ':name'/';message') and return what was stored, as a Python object.
 * Integer outputs start at 7 so an untouched optional output shows as 7.
 */
static HPy parse_one(HPyContext *ctx, int mode, const char *fmt,
                     const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    static const char *kwlist[] = { "v", NULL };
    HPyTracker ht;
    HPy result;
    char unit = first_unit(fmt);

    switch (unit) {
    case 'b': case 'B': {
        unsigned char v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromLong(ctx, v);
        break;
    }
    case 'h': {
        short v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromLong(ctx, v);
        break;
    }
    case 'H': {
        unsigned short v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromLong(ctx, v);
        break;
    }
    case 'i': case 'C': case 'p': {
        int v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromLong(ctx, v);
        break;
    }
    case 'I': {
        unsigned int v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromUnsignedLong(ctx, v);
        break;
    }
    case 'l': {
        long v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromLong(ctx, v);
        break;
    }
    case 'k': {
        unsigned long v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromUnsignedLong(ctx, v);
        break;
    }
    case 'L': {
        long long v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromLongLong(ctx, v);
        break;
    }
    case 'K': {
        unsigned long long v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromUnsignedLongLong(ctx, v);
        break;
    }
    case 'n': {
        HPy_ssize_t v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyLong_FromSsize_t(ctx, v);
        break;
    }
    case 'f': {
        float v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyFloat_FromDouble(ctx, v);
        break;
    }
    case 'd': {
        double v = 7;
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyFloat_FromDouble(ctx, v);
        break;
    }
    case 's': case 'z': case 'y': {
        const char *v = "untouched";
        if (!PARSE(&v)) return HPy_NULL;
        if (v == NULL)
            result = HPy_Dup(ctx, ctx->h_None);
        else if (unit == 'y')
            result = HPyBytes_FromString(ctx, v);
        else
            result = HPyUnicode_FromString(ctx, v);
        break;
    }
    case 'c': {
        char v = '7';
        if (!PARSE(&v)) return HPy_NULL;
        result = HPyBytes_FromStringAndSize(ctx, &v, 1);
        break;
    }
    case 'O': case 'S': case 'U': {
        HPy v = HPy_NULL;
        if (strstr(fmt, "O!") != NULL) {
            if (!PARSE(ctx->h_LongType, &v)) return HPy_NULL;
        } else {
            if (!PARSE(&v)) return HPy_NULL;
        }
        /* v may belong to the tracker: take our own handle before closing it */
        result = HPy_IsNull(v) ? HPyUnicode_FromString(ctx, "untouched") : HPy_Dup(ctx, v);
        break;
    }
    default:
        /* let the parser report the bad unit */
        if (!PARSE(NULL)) return HPy_NULL;
        result = HPy_Dup(ctx, ctx->h_None);
        break;
    }
    HPyTracker_Close(ctx, ht);
    return result;
}

/* Split off the leading format argument shared by the *_one functions. */
static const char *format_arg(HPyContext *ctx, const HPy *args, size_t nargs)
{
    if (nargs < 1 || !HPyUnicode_Check(ctx, args[0])) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "first argument must be the format");
        return NULL;
    }
    return HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
}

HPyDef_METH(pos_one, "pos_one", HPyFunc_VARARGS)
static HPy pos_one_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *fmt = format_arg(ctx, args, nargs);
    if (fmt == NULL)
        return HPy_NULL;
    return parse_one(ctx, MODE_POS, fmt, args + 1, (HPy_ssize_t)nargs - 1, HPy_NULL);
}

HPyDef_METH(kw_one, "kw_one", HPyFunc_KEYWORDS)
static HPy kw_one_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                       HPy kwnames)
{
    (void)self;
    const char *fmt = format_arg(ctx, args, nargs);
    if (fmt == NULL)
        return HPy_NULL;
    return parse_one(ctx, MODE_KWNAMES, fmt, args + 1, (HPy_ssize_t)nargs - 1, kwnames);
}

/* Copy the items of a tuple into arr (at most `cap`); returns the count. */
static HPy_ssize_t unpack_tuple(HPyContext *ctx, HPy tuple, HPy *arr, HPy_ssize_t cap)
{
    HPy_ssize_t n = HPy_IsNull(tuple) ? 0 : HPy_Length(ctx, tuple), i;
    if (n > cap) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "too many arguments for this test");
        return -1;
    }
    for (i = 0; i < n; i++)
        arr[i] = HPy_GetItem_i(ctx, tuple, i);
    return n;
}

static void close_all(HPyContext *ctx, HPy *arr, HPy_ssize_t n)
{
    HPy_ssize_t i;
    for (i = 0; i < n; i++)
        HPy_Close(ctx, arr[i]);
}

static void close_if(HPyContext *ctx, HPy h)
{
    if (!HPy_IsNull(h))
        HPy_Close(ctx, h);
}

HPyDef_METH(dict_one, "dict_one", HPyFunc_KEYWORDS)
static HPy dict_one_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                         HPy kwnames)
{
    (void)self;
    HPy tuple, dict, arr[8], result;
    HPy_ssize_t n;
    const char *fmt = format_arg(ctx, args, nargs);
    if (fmt == NULL)
        return HPy_NULL;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args + 1, nargs - 1, kwnames, &tuple, &dict))
        return HPy_NULL;
    n = unpack_tuple(ctx, tuple, arr, 8);
    result = n < 0 ? HPy_NULL : parse_one(ctx, MODE_DICT, fmt, arr, n, dict);
    if (n > 0)
        close_all(ctx, arr, n);
    close_if(ctx, tuple);
    close_if(ctx, dict);
    return result;
}

/* ------------------------------------------------------------------ */
/* argument parsing: several arguments                                 */

/* f(a, b, /, c='dflt', *, d=1.5) -> (a, b, c, d) */
static HPy kw_demo_common(HPyContext *ctx, const HPy *args, HPy_ssize_t nargs, HPy kw,
                          int use_dict)
{
    static const char *kwlist[] = { "", "b", "c", "d", NULL };
    int a;
    HPy b, items[4], result;
    const char *c = "dflt";
    double d = 1.5;
    HPyTracker ht;
    int ok = use_dict
        ? HPyArg_ParseKeywordsDict(ctx, &ht, args, nargs, kw, "iO|s$d:kw_demo", kwlist,
                                   &a, &b, &c, &d)
        : HPyArg_ParseKeywords(ctx, &ht, args, (size_t)nargs, kw, "iO|s$d:kw_demo", kwlist,
                               &a, &b, &c, &d);
    if (!ok)
        return HPy_NULL;
    items[0] = HPyLong_FromLong(ctx, a);
    items[1] = b;  /* owned by the tracker; HPyTuple_FromArray takes its own reference */
    items[2] = HPyUnicode_FromString(ctx, c);
    items[3] = HPyFloat_FromDouble(ctx, d);
    result = HPyTuple_FromArray(ctx, items, 4);
    HPy_Close(ctx, items[0]);
    HPy_Close(ctx, items[2]);
    HPy_Close(ctx, items[3]);
    HPyTracker_Close(ctx, ht);
    return result;
}

HPyDef_METH(kw_demo, "kw_demo", HPyFunc_KEYWORDS)
static HPy kw_demo_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                        HPy kwnames)
{
    (void)self;
    return kw_demo_common(ctx, args, (HPy_ssize_t)nargs, kwnames, 0);
}

HPyDef_METH(kwdict_demo, "kwdict_demo", HPyFunc_KEYWORDS)
static HPy kwdict_demo_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                            HPy kwnames)
{
    (void)self;
    HPy tuple, dict, arr[8], result;
    HPy_ssize_t n;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &tuple, &dict))
        return HPy_NULL;
    n = unpack_tuple(ctx, tuple, arr, 8);
    result = n < 0 ? HPy_NULL : kw_demo_common(ctx, arr, n, dict, 1);
    if (n > 0)
        close_all(ctx, arr, n);
    close_if(ctx, tuple);
    close_if(ctx, dict);
    return result;
}

/* f(i, z, [d]) -> (i, z, d) with d defaulting to 1.5 */
HPyDef_METH(pos_demo, "pos_demo", HPyFunc_VARARGS)
static HPy pos_demo_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    int i;
    const char *z;
    double d = 1.5;
    HPy items[3], result;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "iz|d:pos_demo", &i, &z, &d))
        return HPy_NULL;
    items[0] = HPyLong_FromLong(ctx, i);
    items[1] = z ? HPyUnicode_FromString(ctx, z) : HPy_Dup(ctx, ctx->h_None);
    items[2] = HPyFloat_FromDouble(ctx, d);
    result = HPyTuple_FromArray(ctx, items, 3);
    close_all(ctx, items, 3);
    return result;
}

/* Two ints, either anonymous ("function ...") or with a custom ';' message. */
HPyDef_METH(add_anon, "add_anon", HPyFunc_VARARGS)
static HPy add_anon_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    int a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ii", &a, &b))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, (long)a + b);
}

HPyDef_METH(add_msg, "add_msg", HPyFunc_VARARGS)
static HPy add_msg_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    int a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ii;add_msg wants two small ints", &a, &b))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, (long)a + b);
}

/* 20 optional keyword ints a0..a19: more units than the parser's stack buffer. */
HPyDef_METH(many_kw, "many_kw", HPyFunc_KEYWORDS)
static HPy many_kw_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                        HPy kwnames)
{
    (void)self;
    static const char *kwlist[] = { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
        "a8", "a9", "a10", "a11", "a12", "a13", "a14", "a15", "a16", "a17", "a18",
        "a19", NULL };
    int v[20] = { 0 }, i;
    long sum = 0;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "|iiiiiiiiiiiiiiiiiiii",
                              kwlist, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                              &v[7], &v[8], &v[9], &v[10], &v[11], &v[12], &v[13],
                              &v[14], &v[15], &v[16], &v[17], &v[18], &v[19]))
        return HPy_NULL;
    for (i = 0; i < 20; i++)
        sum += (long)v[i] * (i + 1);
    return HPyLong_FromLong(ctx, sum);
}

/* Misuses of the parsing API, each of which must raise SystemError. */
HPyDef_METH(parse_misuse, "parse_misuse", HPyFunc_O)
static HPy parse_misuse_impl(HPyContext *ctx, HPy self, HPy which)
{
    (void)self;
    static const char *two[] = { "a", "b", NULL };
    static const char *gap[] = { "", "a", "", NULL };
    long w = HPyLong_AsLong(ctx, which);
    int a = 0, b = 0, c = 0, ok;
    HPy h;
    HPy argv[1];
    argv[0] = which;
    switch (w) {
    case 0: ok = HPyArg_Parse(ctx, NULL, argv, 1, "Q", &a); break;
    case 1: ok = HPyArg_Parse(ctx, NULL, argv, 1, "i$i", &a, &b); break;
    case 2: ok = HPyArg_Parse(ctx, NULL, argv, 1, "i|i|i", &a, &b, &c); break;
    case 3: ok = HPyArg_ParseKeywords(ctx, NULL, argv, 1, HPy_NULL, "iii", two, &a, &b, &c); break;
    case 4: ok = HPyArg_ParseKeywords(ctx, NULL, argv, 1, HPy_NULL, "iii", gap, &a, &b, &c); break;
    case 5: ok = HPyArg_ParseKeywords(ctx, NULL, argv, 1, HPy_NULL, "O|i", two, &h, &a); break;
    default: return HPy_Dup(ctx, ctx->h_None);
    }
    if (ok) {
        HPyErr_SetString(ctx, ctx->h_AssertionError, "misuse was accepted");
        return HPy_NULL;
    }
    return HPy_NULL;
}

/* ------------------------------------------------------------------ */
/* HPy_BuildValue                                                      */

HPyDef_METH(build, "build", HPyFunc_VARARGS)
static HPy build_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *name;
    HPy obj = nargs > 1 ? args[1] : ctx->h_None;
    if (nargs < 1 || (name = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL)) == NULL)
        return HPy_NULL;
#define CASE(n) if (strcmp(name, n) == 0)
    CASE("empty") return HPy_BuildValue(ctx, "");
    CASE("blanks") return HPy_BuildValue(ctx, " , ");
    CASE("i") return HPy_BuildValue(ctx, "i", -42);
    CASE("paren_i") return HPy_BuildValue(ctx, "(i)", -42);
    CASE("ints") return HPy_BuildValue(ctx, "bBhHiI", -1, 255, -32768, 65535, INT_MIN, UINT_MAX);
    CASE("longs") return HPy_BuildValue(ctx, "lkLKn", LONG_MIN, ULONG_MAX, LLONG_MIN,
                                        ULLONG_MAX, (HPy_ssize_t)HPY_SSIZE_T_MAX);
    CASE("floats") return HPy_BuildValue(ctx, "fd", 1.5f, -2.25);
    CASE("bools") return HPy_BuildValue(ctx, "pp", 0, 42);
    CASE("chars") return HPy_BuildValue(ctx, "cCC", 'A', 0x20AC, 0x1F600);
    CASE("strings") return HPy_BuildValue(ctx, "szUy", "h\xc3\xa9llo", "z", "U", "by\x01");
    CASE("null_strings") return HPy_BuildValue(ctx, "szUy", (char *)NULL, (char *)NULL,
                                               (char *)NULL, (char *)NULL);
    CASE("sized") return HPy_BuildValue(ctx, "s#y#z#", "ab\0cd", (HPy_ssize_t)4,
                                        "x\0y", (HPy_ssize_t)3, "abcdef", (HPy_ssize_t)2);
    CASE("objects") return HPy_BuildValue(ctx, "OS", obj, obj);
    CASE("nested") return HPy_BuildValue(ctx, "[i,(s,d),{s:i}]", 1, "two", 3.0, "four", 4);
    CASE("dict") return HPy_BuildValue(ctx, "{s:i, s:[ii], i:()}", "a", 1, "b", 2, 3, 4);
    CASE("empties") return HPy_BuildValue(ctx, "()[]{}");
    CASE("deep") return HPy_BuildValue(ctx, "((([i])))", 5);
    CASE("tabs") return HPy_BuildValue(ctx, "\ti\t,\ti ", 1, 2);
    /* errors */
    CASE("N") return HPy_BuildValue(ctx, "N", obj);
    CASE("unknown") return HPy_BuildValue(ctx, "iq", 1, 2);
    CASE("open_paren") return HPy_BuildValue(ctx, "(ii", 1, 2);
    CASE("close_paren") return HPy_BuildValue(ctx, "ii)", 1, 2);
    CASE("mismatch") return HPy_BuildValue(ctx, "[i)", 1);
    CASE("odd_dict") return HPy_BuildValue(ctx, "{sis}", "a", 1, "b");
    CASE("null_O") return HPy_BuildValue(ctx, "(iO)", 1, HPy_NULL);
    CASE("null_O_with_error") {
        HPyErr_SetString(ctx, ctx->h_KeyError, "earlier failure");
        return HPy_BuildValue(ctx, "[O]", HPy_NULL);
    }
    CASE("bad_C") return HPy_BuildValue(ctx, "C", 0x110000);
    CASE("bad_utf8") return HPy_BuildValue(ctx, "s", "\xff\xfe");
#undef CASE
    HPyErr_SetString(ctx, ctx->h_ValueError, "unknown build case");
    return HPy_NULL;
}

/* ------------------------------------------------------------------ */
/* formatting                                                          */

/* Format one value: the conversion letter of the (single) conversion in
   `spec` and its length modifier decide which C type the value is passed as. */
static HPy format_one(HPyContext *ctx, HPy type, const char *spec, HPy value)
{
    /* the conversion letter: after the '%', flags, width, precision and size */
    const char *c = strchr(spec, '%');
    char conv = '\0';
    if (c != NULL) {
        c++;
        while (*c != '\0' && strchr("-0123456789.lz", *c) != NULL)
            c++;
        conv = *c;
    }
    int ll = strstr(spec, "ll") != NULL;
    int l = !ll && strchr(spec, 'l') != NULL;
    int z = strchr(spec, 'z') != NULL;
    int err = !HPy_IsNull(type);
#define EMIT(...) (err ? HPyErr_Format(ctx, type, spec, __VA_ARGS__) \
                       : HPyUnicode_FromFormat(ctx, spec, __VA_ARGS__))

    if (strchr("di", conv) != NULL) {
        long long v = HPyLong_AsLongLong(ctx, value);
        if (v == -1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
        if (ll) return EMIT(v);
        if (l) return EMIT((long)v);
        if (z) return EMIT((HPy_ssize_t)v);
        return EMIT((int)v);
    }
    if (strchr("uxX", conv) != NULL) {
        unsigned long long v = HPyLong_AsUnsignedLongLongMask(ctx, value);
        if (v == (unsigned long long)-1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
        if (ll) return EMIT(v);
        if (l) return EMIT((unsigned long)v);
        if (z) return EMIT((size_t)v);
        return EMIT((unsigned int)v);
    }
    if (conv == 'c') {
        long v = HPyLong_AsLong(ctx, value);
        if (v == -1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
        return EMIT((int)v);
    }
    if (conv == 'p') {
        unsigned long long v = HPyLong_AsUnsignedLongLongMask(ctx, value);
        return EMIT((void *)(uintptr_t)v);
    }
    if (conv == 's') {
        const char *s = HPy_Is(ctx, value, ctx->h_None) ? NULL
                        : HPyUnicode_AsUTF8AndSize(ctx, value, NULL);
        if (s == NULL && HPyErr_Occurred(ctx))
            return HPy_NULL;
        return EMIT(s);
    }
    if (conv == 'V')
        return EMIT(HPy_Is(ctx, value, ctx->h_None) ? HPy_NULL : value, "fallback");
    if (strchr("USRA", conv) != NULL)
        return EMIT(HPy_Is(ctx, value, ctx->h_Ellipsis) ? HPy_NULL : value);
    /* no argument at all (e.g. "%%", or an invalid spec) */
    return err ? HPyErr_Format(ctx, type, spec) : HPyUnicode_FromFormat(ctx, spec);
#undef EMIT
}

/* fmt1(spec, value): HPyUnicode_FromFormat(spec, value-as-C-type) */
HPyDef_METH(fmt1, "fmt1", HPyFunc_VARARGS)
static HPy fmt1_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *spec;
    HPy value;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "sO:fmt1", &spec, &value))
        return HPy_NULL;
    return format_one(ctx, HPy_NULL, spec, value);
}

/* err_fmt1(type, spec, value): raise type with the formatted message */
HPyDef_METH(err_fmt1, "err_fmt1", HPyFunc_VARARGS)
static HPy err_fmt1_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *spec;
    HPy type, value;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OsO:err_fmt1", &type, &spec, &value))
        return HPy_NULL;
    /* HPyErr_Format must return HPy_NULL; returning it tells the caller
       that an exception is set */
    return format_one(ctx, type, spec, value);
}

/* All the C-typed conversions in one call, with fixed values. */
HPyDef_METH(fmt_demo, "fmt_demo", HPyFunc_O)
static HPy fmt_demo_impl(HPyContext *ctx, HPy self, HPy obj)
{
    (void)self;
    return HPyUnicode_FromFormat(ctx,
        "%d %i %u %ld %li %lu %lld %lli %llu %zd %zi %zu %x %c|%s|%U|%S|%R|%A|%%|%p",
        -1, 2, 3u, -4L, 5L, 6ul, -7LL, 8LL, 9ull, (HPy_ssize_t)-10, (HPy_ssize_t)11,
        (size_t)12, 255, 0xE9, "s\xc3\xa9", obj, obj, obj, obj, (void *)(uintptr_t)0xbeef);
}

/* ------------------------------------------------------------------ */
/* helpers                                                             */

HPyDef_METH(pack, "pack", HPyFunc_KEYWORDS)
static HPy pack_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                     HPy kwnames)
{
    (void)self;
    HPy tuple = HPy_Dup(ctx, ctx->h_True), dict = HPy_Dup(ctx, ctx->h_True), items[2], result;
    HPy sentinel_t = tuple, sentinel_d = dict;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &tuple, &dict))
        return HPy_NULL;
    HPy_Close(ctx, sentinel_t);
    HPy_Close(ctx, sentinel_d);
    /* HPy_NULL outputs (empty parts) are shown as None */
    items[0] = HPy_IsNull(tuple) ? HPy_Dup(ctx, ctx->h_None) : tuple;
    items[1] = HPy_IsNull(dict) ? HPy_Dup(ctx, ctx->h_None) : dict;
    result = HPyTuple_FromArray(ctx, items, 2);
    close_all(ctx, items, 2);
    return result;
}

/* A trivial type and an int subclass, added with HPyHelpers_AddType. */
static HPyType_Spec thing_spec = {
    .name = "runtime_ext.Thing",
    .doc = "a plain type added by HPyHelpers_AddType",
};

static HPyType_Spec myint_spec = {
    .name = "runtime_ext.MyInt",
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = HPyType_BuiltinShape_Long,
};

/* add_type(obj, name): add a fresh Thing type to obj as attribute `name` */
HPyDef_METH(add_type, "add_type", HPyFunc_VARARGS)
static HPy add_type_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    HPy obj;
    const char *name;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "Os:add_type", &obj, &name))
        return HPy_NULL;
    if (!HPyHelpers_AddType(ctx, obj, name, &thing_spec, NULL))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_True);
}

/* ------------------------------------------------------------------ */
/* struct sequences                                                    */

static HPyStructSequence_Field point_fields[] = {
    { "x", "the x coordinate" },
    { "y", NULL },
    { NULL, NULL },  /* set to the unnamed marker at module init */
    { NULL, NULL },
};

static HPyStructSequence_Desc point_desc = {
    .name = "runtime_ext.sub.Point",
    .doc = "a point with a hidden tag",
    .fields = point_fields,
};

static HPyStructSequence_Field no_fields[] = { { NULL, NULL } };

static HPyStructSequence_Desc bare_desc = {
    .name = "Bare",
    .doc = NULL,
    .fields = no_fields,
};

HPyDef_METH(make_struct, "make_struct", HPyFunc_VARARGS)
static HPy make_struct_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs < 1) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "make_struct(type, *values)");
        return HPy_NULL;
    }
    return HPyStructSequence_New(ctx, args[0], (HPy_ssize_t)nargs - 1, (HPy *)args + 1);
}

HPyDef_METH(bad_struct_type, "bad_struct_type", HPyFunc_NOARGS)
static HPy bad_struct_type_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    static HPyStructSequence_Desc nameless = { NULL, NULL, no_fields };
    return HPyStructSequence_NewType(ctx, &nameless);
}

/* ------------------------------------------------------------------ */
/* module                                                              */

static int add_struct_type(HPyContext *ctx, HPy module, const char *attr,
                           HPyStructSequence_Desc *desc)
{
    HPy type = HPyStructSequence_NewType(ctx, desc);
    int rc;
    if (HPy_IsNull(type))
        return -1;
    rc = HPy_SetAttr_s(ctx, module, attr, type);
    HPy_Close(ctx, type);
    return rc;
}

HPyDef_SLOT(exec_module, HPy_mod_exec)
static int exec_module_impl(HPyContext *ctx, HPy module)
{
    HPyType_SpecParam myint_params[] = {
        { HPyType_SpecParam_Base, ctx->h_LongType },
        { (HPyType_SpecParam_Kind)0, HPy_NULL },
    };
    /* not a constant expression, so it cannot go in the static initializer */
    point_fields[2].name = HPyStructSequence_UnnamedField;
    if (!HPyHelpers_AddType(ctx, module, "Thing", &thing_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "MyInt", &myint_spec, myint_params))
        return -1;
    if (add_struct_type(ctx, module, "Point", &point_desc) < 0 ||
        add_struct_type(ctx, module, "Bare", &bare_desc) < 0)
        return -1;
    return 0;
}

static HPyDef *module_defines[] = {
    &pos_one, &kw_one, &dict_one, &kw_demo, &kwdict_demo, &pos_demo, &add_anon,
    &add_msg, &many_kw, &parse_misuse, &build, &fmt1, &err_fmt1, &fmt_demo, &pack,
    &add_type, &make_struct, &bad_struct_type, &exec_module, NULL
};

static HPyModuleDef moduledef = {
    .doc = "Tests for Hilt's helper runtime",
    .size = 0,
    .defines = module_defines,
};

HPy_MODINIT(runtime_ext, moduledef)
