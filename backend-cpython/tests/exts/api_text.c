/* Test extension for the str and bytes API: each method calls one API
   function and hands back the result, so the Python tests can compare it
   with plain Python. */
#include "hpy.h"

/* The HPyDef variables are global symbols, so each carries a file prefix:
   a bare name such as `dup` or `index` would be interposed by libc's
   function of that name when the module is loaded. */

static int check_nargs(HPyContext *ctx, size_t nargs, size_t want)
{
    if (nargs != want) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "wrong number of arguments");
        return 0;
    }
    return 1;
}

/* NULL for None, else the UTF-8 text of a str; *ok is 0 on error. */
static const char *opt_utf8(HPyContext *ctx, HPy h, int *ok)
{
    const char *s;
    *ok = 1;
    if (HPy_Is(ctx, h, ctx->h_None))
        return NULL;
    s = HPyUnicode_AsUTF8AndSize(ctx, h, NULL);
    if (s == NULL)
        *ok = 0;
    return s;
}

/* The contents of a bytes argument with its size; NULL on error. */
static const char *bytes_arg(HPyContext *ctx, HPy h, HPy_ssize_t *size)
{
    const char *s = HPyBytes_AsString(ctx, h);
    if (s != NULL)
        *size = HPyBytes_Size(ctx, h);
    return s;
}

/* ------------------------------------------------------------------- str */

HPyDef_METH(at_unicode_from_string, "unicode_from_string", HPyFunc_O,
            .doc = "str from the NUL-terminated contents of a bytes object")
static HPy at_unicode_from_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    const char *s = bytes_arg(ctx, arg, &n);
    (void)self;
    if (s == NULL)
        return HPy_NULL;
    return HPyUnicode_FromString(ctx, s);
}

HPyDef_METH(at_unicode_check, "unicode_check", HPyFunc_O)
static HPy at_unicode_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromBool(ctx, HPyUnicode_Check(ctx, arg) != 0);
}

HPyDef_METH(at_as_ascii_string, "as_ascii_string", HPyFunc_O)
static HPy at_as_ascii_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_AsASCIIString(ctx, arg);
}

HPyDef_METH(at_as_latin1_string, "as_latin1_string", HPyFunc_O)
static HPy at_as_latin1_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_AsLatin1String(ctx, arg);
}

HPyDef_METH(at_as_utf8_string, "as_utf8_string", HPyFunc_O)
static HPy at_as_utf8_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_AsUTF8String(ctx, arg);
}

HPyDef_METH(at_as_utf8_and_size, "as_utf8_and_size", HPyFunc_O,
            .doc = "bytes of the UTF-8 buffer (with its reported size); checks the NUL terminator")
static HPy at_as_utf8_and_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n = -7;
    const char *s;
    (void)self;
    s = HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    if (s == NULL)
        return HPy_NULL;
    if (s[n] != '\0') {
        HPyErr_SetString(ctx, ctx->h_AssertionError, "UTF-8 buffer not NUL-terminated");
        return HPy_NULL;
    }
    /* The same pointer again, without asking for the size. */
    if (HPyUnicode_AsUTF8AndSize(ctx, arg, NULL) != s) {
        HPyErr_SetString(ctx, ctx->h_AssertionError, "UTF-8 buffer moved");
        return HPy_NULL;
    }
    return HPyBytes_FromStringAndSize(ctx, s, n);
}

HPyDef_METH(at_from_wide_char, "from_wide_char", HPyFunc_O,
            .doc = "from_wide_char(n): str from the first n units of a fixed wide string (-1: all)")
static HPy at_from_wide_char_impl(HPyContext *ctx, HPy self, HPy arg)
{
    static const wchar_t text[] = {'h', 0xe9, 'l', 0x3b1, ' ', 0x20ac, '!', 0};
    HPy_ssize_t n = HPyLong_AsSsize_t(ctx, arg);
    (void)self;
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_FromWideChar(ctx, text, n);
}

HPyDef_METH(at_decode_fs_default, "decode_fs_default", HPyFunc_O)
static HPy at_decode_fs_default_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    const char *s = bytes_arg(ctx, arg, &n);
    (void)self;
    if (s == NULL)
        return HPy_NULL;
    return HPyUnicode_DecodeFSDefault(ctx, s);
}

HPyDef_METH(at_decode_fs_default_and_size, "decode_fs_default_and_size", HPyFunc_VARARGS)
static HPy at_decode_fs_default_and_size_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t n, size;
    const char *s;
    (void)self;
    if (!check_nargs(ctx, nargs, 2) || !(s = bytes_arg(ctx, args[0], &n)))
        return HPy_NULL;
    size = HPyLong_AsSsize_t(ctx, args[1]);
    if (size == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_DecodeFSDefaultAndSize(ctx, s, size);
}

HPyDef_METH(at_encode_fs_default, "encode_fs_default", HPyFunc_O)
static HPy at_encode_fs_default_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_EncodeFSDefault(ctx, arg);
}

HPyDef_METH(at_read_char, "read_char", HPyFunc_VARARGS)
static HPy at_read_char_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t i;
    HPy_UCS4 c;
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    i = HPyLong_AsSsize_t(ctx, args[1]);
    if (i == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    c = HPyUnicode_ReadChar(ctx, args[0], i);
    if (c == (HPy_UCS4)-1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromUInt32_t(ctx, c);
}

#define DECODER(NAME, FN)                                                     \
    HPyDef_METH(at_##NAME, #NAME, HPyFunc_VARARGS)                                 \
    static HPy at_##NAME##_impl(HPyContext *ctx, HPy self, const HPy *args,        \
                           size_t nargs)                                      \
    {                                                                         \
        HPy_ssize_t n;                                                        \
        const char *s, *errors;                                               \
        int ok;                                                               \
        (void)self;                                                           \
        if (!check_nargs(ctx, nargs, 2) || !(s = bytes_arg(ctx, args[0], &n)))\
            return HPy_NULL;                                                  \
        errors = opt_utf8(ctx, args[1], &ok);                                 \
        if (!ok)                                                              \
            return HPy_NULL;                                                  \
        return FN(ctx, s, n, errors);                                         \
    }

DECODER(decode_ascii, HPyUnicode_DecodeASCII)
DECODER(decode_latin1, HPyUnicode_DecodeLatin1)

HPyDef_METH(at_from_encoded_object, "from_encoded_object", HPyFunc_VARARGS,
            .doc = "from_encoded_object(obj, encoding_or_None, errors_or_None)")
static HPy at_from_encoded_object_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *encoding, *errors;
    int ok;
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    encoding = opt_utf8(ctx, args[1], &ok);
    if (!ok)
        return HPy_NULL;
    errors = opt_utf8(ctx, args[2], &ok);
    if (!ok)
        return HPy_NULL;
    return HPyUnicode_FromEncodedObject(ctx, args[0], encoding, errors);
}

HPyDef_METH(at_substring, "substring", HPyFunc_VARARGS)
static HPy at_substring_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t a, b;
    (void)self;
    if (!check_nargs(ctx, nargs, 3))
        return HPy_NULL;
    a = HPyLong_AsSsize_t(ctx, args[1]);
    if (a == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    b = HPyLong_AsSsize_t(ctx, args[2]);
    if (b == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_Substring(ctx, args[0], a, b);
}

/* ----------------------------------------------------------------- bytes */

HPyDef_METH(at_bytes_check, "bytes_check", HPyFunc_O)
static HPy at_bytes_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromBool(ctx, HPyBytes_Check(ctx, arg) != 0);
}

HPyDef_METH(at_bytes_size, "bytes_size", HPyFunc_O)
static HPy at_bytes_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPyBytes_Size(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromSsize_t(ctx, n);
}

HPyDef_METH(at_bytes_get_size, "bytes_get_size", HPyFunc_O)
static HPy at_bytes_get_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromSsize_t(ctx, HPyBytes_GET_SIZE(ctx, arg));
}

HPyDef_METH(at_bytes_as_string, "bytes_as_string", HPyFunc_O,
            .doc = "a copy of the buffer of a bytes object (all of it, NULs included)")
static HPy at_bytes_as_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *s;
    (void)self;
    s = HPyBytes_AsString(ctx, arg);
    if (s == NULL)
        return HPy_NULL;
    if (s[HPyBytes_GET_SIZE(ctx, arg)] != '\0') {
        HPyErr_SetString(ctx, ctx->h_AssertionError, "bytes buffer not NUL-terminated");
        return HPy_NULL;
    }
    return HPyBytes_FromStringAndSize(ctx, s, HPyBytes_GET_SIZE(ctx, arg));
}

HPyDef_METH(at_bytes_AS_STRING, "bytes_AS_STRING", HPyFunc_O)
static HPy at_bytes_AS_STRING_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *s;
    (void)self;
    s = HPyBytes_AS_STRING(ctx, arg);
    if (s != HPyBytes_AsString(ctx, arg)) {
        HPyErr_SetString(ctx, ctx->h_AssertionError, "AS_STRING and AsString differ");
        return HPy_NULL;
    }
    return HPyBytes_FromString(ctx, s);
}

HPyDef_METH(at_bytes_from_string, "bytes_from_string", HPyFunc_O,
            .doc = "bytes from the NUL-terminated contents of a bytes object")
static HPy at_bytes_from_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    const char *s = bytes_arg(ctx, arg, &n);
    (void)self;
    if (s == NULL)
        return HPy_NULL;
    return HPyBytes_FromString(ctx, s);
}

HPyDef_METH(at_bytes_from_string_and_size, "bytes_from_string_and_size", HPyFunc_VARARGS,
            .doc = "bytes_from_string_and_size(b, n): bytes of n bytes from b's buffer (b None: NULL)")
static HPy at_bytes_from_string_and_size_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t n, size;
    const char *s = NULL;
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    if (!HPy_Is(ctx, args[0], ctx->h_None) && !(s = bytes_arg(ctx, args[0], &n)))
        return HPy_NULL;
    size = HPyLong_AsSsize_t(ctx, args[1]);
    if (size == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBytes_FromStringAndSize(ctx, s, size);
}

/* --------------------------------------------------- null-pointer checks */

HPyDef_METH(at_with_null, "with_null", HPyFunc_O,
            .doc = "with_null(name): call API `name` with NULL where a string or object is required")
static HPy at_with_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *which = HPyUnicode_AsUTF8AndSize(ctx, arg, NULL);
    (void)self;
    if (which == NULL)
        return HPy_NULL;
#define IS(s) (strcmp(which, s) == 0)
    if (IS("Unicode_FromString")) return HPyUnicode_FromString(ctx, NULL);
    if (IS("Unicode_AsUTF8String")) return HPyUnicode_AsUTF8String(ctx, HPy_NULL);
    if (IS("Unicode_AsUTF8AndSize")) {
        const char *s = HPyUnicode_AsUTF8AndSize(ctx, HPy_NULL, NULL);
        return s ? HPyBytes_FromString(ctx, s) : HPy_NULL;
    }
    if (IS("Unicode_ReadChar")) {
        HPy_UCS4 c = HPyUnicode_ReadChar(ctx, HPy_NULL, 0);
        return c == (HPy_UCS4)-1 ? HPy_NULL : HPyLong_FromUInt32_t(ctx, c);
    }
    if (IS("Unicode_DecodeFSDefault")) return HPyUnicode_DecodeFSDefault(ctx, NULL);
    if (IS("Unicode_Substring")) return HPyUnicode_Substring(ctx, HPy_NULL, 0, 0);
    if (IS("Bytes_FromString")) return HPyBytes_FromString(ctx, NULL);
    if (IS("Bytes_Size")) {
        HPy_ssize_t n = HPyBytes_Size(ctx, HPy_NULL);
        return n == -1 ? HPy_NULL : HPyLong_FromSsize_t(ctx, n);
    }
    if (IS("Bytes_AsString")) {
        const char *s = HPyBytes_AsString(ctx, HPy_NULL);
        return s ? HPyBytes_FromString(ctx, s) : HPy_NULL;
    }
    if (IS("predicates"))
        return HPyLong_FromLong(ctx, HPyUnicode_Check(ctx, HPy_NULL) + HPyBytes_Check(ctx, HPy_NULL));
    if (IS("empty")) /* NULL with size 0 is an empty string */
        return HPyUnicode_DecodeASCII(ctx, NULL, 0, NULL);
#undef IS
    HPyErr_SetString(ctx, ctx->h_ValueError, which);
    return HPy_NULL;
}

static HPyDef *module_defines[] = {
    &at_unicode_from_string, &at_unicode_check, &at_as_ascii_string, &at_as_latin1_string,
    &at_as_utf8_string, &at_as_utf8_and_size, &at_from_wide_char, &at_decode_fs_default,
    &at_decode_fs_default_and_size, &at_encode_fs_default, &at_read_char,
    &at_decode_ascii, &at_decode_latin1, &at_from_encoded_object, &at_substring,
    &at_bytes_check, &at_bytes_size, &at_bytes_get_size, &at_bytes_as_string,
    &at_bytes_AS_STRING, &at_bytes_from_string, &at_bytes_from_string_and_size,
    &at_with_null,
    NULL
};

static HPyModuleDef moduledef = {
    .doc = "Tests of Hilt's str and bytes API.",
    .size = 0,
    .defines = module_defines,
};

HPy_MODINIT(api_text, moduledef)
