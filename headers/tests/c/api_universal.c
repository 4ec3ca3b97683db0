/*
 * api_universal.c -- compile-only coverage of the whole universal API.
 *
 * One extension module that uses every HPyDef_* macro, every slot, every
 * member type, a type with HPyType_HELPERS for every builtin shape, a module
 * with globals and mod_exec, every context function of ABI minor 0, every
 * inline helper and every helper-runtime function.  It has to build with
 * -Wall -Wextra -Werror (and -Wpedantic in C) and export the four module
 * symbols; it is not meant to be imported and run.
 *
 * api_universal.cpp includes this file to compile the same code as C++, so
 * it is written in the common subset of C99 and C++11.
 */
#include "hpy.h"

#include <errno.h>

#ifndef API_TEST_MODNAME
#  define API_TEST_MODNAME api_universal
#endif

/* ======================================================================
 * Types: one struct per builtin shape, each with its helpers.
 * ====================================================================== */

typedef struct {
    long x;
    double y;
    HPyField other;          /* a reference traced by tp_traverse */
    short s; int i; float f; char c; signed char b; unsigned char ub;
    unsigned short us; unsigned int ui; unsigned long ul;
    const char *str; char inplace[8]; char flag;
    long long ll; unsigned long long ull; HPy_ssize_t n;
    void *buffer_data;
} PointObject;
HPyType_HELPERS(PointObject)

typedef struct { int extra; } TypeObjectExt;
HPyType_HELPERS(TypeObjectExt, HPyType_BuiltinShape_Type)
typedef struct { int extra; } LongExt;
HPyType_HELPERS(LongExt, HPyType_BuiltinShape_Long)
typedef struct { int extra; } FloatExt;
HPyType_HELPERS(FloatExt, HPyType_BuiltinShape_Float)
typedef struct { int extra; } UnicodeExt;
HPyType_HELPERS(UnicodeExt, HPyType_BuiltinShape_Unicode)
typedef struct { int extra; } TupleExt;
HPyType_HELPERS(TupleExt, HPyType_BuiltinShape_Tuple)
typedef struct { int extra; } ListExt;
HPyType_HELPERS(ListExt, HPyType_BuiltinShape_List)
/* A legacy-shaped struct; universal code may still declare one. */
typedef struct { void *ob_base_placeholder[2]; int extra; } LegacyExt;
HPyType_LEGACY_HELPERS(LegacyExt)

/* Module state: a global cache and the Point type. */
static HPyGlobal g_point_type;
static HPyGlobal g_cache;

/* ======================================================================
 * Small checks used by several functions.
 * ====================================================================== */

/* Close a handle unless it is null; keeps the exercise code short. */
static void close_if(HPyContext *ctx, HPy h)
{
    if (!HPy_IsNull(h))
        HPy_Close(ctx, h);
}

/* Variadic wrapper, to exercise HPyUnicode_FromFormatV. */
static HPy format_v(HPyContext *ctx, const char *fmt, ...)
{
    va_list ap;
    HPy result;
    va_start(ap, fmt);
    result = HPyUnicode_FromFormatV(ctx, fmt, ap);
    va_end(ap);
    return result;
}

/* ======================================================================
 * Context function groups.
 * ====================================================================== */

static int exercise_numbers(HPyContext *ctx, HPy a, HPy b)
{
    HPy r[40];
    int k = 0, i, ok = 1;
    HPy one = HPyLong_FromLong(ctx, 1);

    r[k++] = HPy_Add(ctx, a, b);
    r[k++] = HPy_Subtract(ctx, a, b);
    r[k++] = HPy_Multiply(ctx, a, b);
    r[k++] = HPy_MatrixMultiply(ctx, a, b);
    r[k++] = HPy_FloorDivide(ctx, a, b);
    r[k++] = HPy_TrueDivide(ctx, a, b);
    r[k++] = HPy_Remainder(ctx, a, b);
    r[k++] = HPy_Divmod(ctx, a, b);
    r[k++] = HPy_Power(ctx, a, b, ctx->h_None);
    r[k++] = HPy_Negative(ctx, a);
    r[k++] = HPy_Positive(ctx, a);
    r[k++] = HPy_Absolute(ctx, a);
    r[k++] = HPy_Invert(ctx, a);
    r[k++] = HPy_Lshift(ctx, a, one);
    r[k++] = HPy_Rshift(ctx, a, one);
    r[k++] = HPy_And(ctx, a, b);
    r[k++] = HPy_Xor(ctx, a, b);
    r[k++] = HPy_Or(ctx, a, b);
    r[k++] = HPy_Index(ctx, a);
    r[k++] = HPy_Long(ctx, a);
    r[k++] = HPy_Float(ctx, a);
    r[k++] = HPy_InPlaceAdd(ctx, a, b);
    r[k++] = HPy_InPlaceSubtract(ctx, a, b);
    r[k++] = HPy_InPlaceMultiply(ctx, a, b);
    r[k++] = HPy_InPlaceMatrixMultiply(ctx, a, b);
    r[k++] = HPy_InPlaceFloorDivide(ctx, a, b);
    r[k++] = HPy_InPlaceTrueDivide(ctx, a, b);
    r[k++] = HPy_InPlaceRemainder(ctx, a, b);
    r[k++] = HPy_InPlacePower(ctx, a, b, ctx->h_None);
    r[k++] = HPy_InPlaceLshift(ctx, a, one);
    r[k++] = HPy_InPlaceRshift(ctx, a, one);
    r[k++] = HPy_InPlaceAnd(ctx, a, b);
    r[k++] = HPy_InPlaceXor(ctx, a, b);
    r[k++] = HPy_InPlaceOr(ctx, a, b);
    for (i = 0; i < k; i++) {
        if (HPy_IsNull(r[i]))
            ok = 0;
        close_if(ctx, r[i]);
    }
    ok = ok && HPyNumber_Check(ctx, a);
    HPy_Close(ctx, one);
    return ok;
}

static int exercise_ints_and_floats(HPyContext *ctx, HPy h)
{
    HPy made[16];
    int k = 0, i;
    double total = 0;

    made[k++] = HPyLong_FromInt32_t(ctx, -1);
    made[k++] = HPyLong_FromUInt32_t(ctx, 1u);
    made[k++] = HPyLong_FromInt64_t(ctx, -2);
    made[k++] = HPyLong_FromUInt64_t(ctx, 2u);
    made[k++] = HPyLong_FromSize_t(ctx, (size_t)3);
    made[k++] = HPyLong_FromSsize_t(ctx, (HPy_ssize_t)-3);
    made[k++] = HPyLong_FromLong(ctx, 4L);
    made[k++] = HPyLong_FromUnsignedLong(ctx, 4UL);
    made[k++] = HPyLong_FromLongLong(ctx, 5LL);
    made[k++] = HPyLong_FromUnsignedLongLong(ctx, 5ULL);
    made[k++] = HPyLong_FromPid(ctx, 6);
    made[k++] = HPyFloat_FromDouble(ctx, 0.5);
    made[k++] = HPyBool_FromBool(ctx, true);
    made[k++] = HPyBool_FromLong(ctx, 0L);
    for (i = 0; i < k; i++)
        close_if(ctx, made[i]);

    total += (double)HPyLong_AsInt32_t(ctx, h);
    total += (double)HPyLong_AsUInt32_t(ctx, h);
    total += (double)HPyLong_AsUInt32_tMask(ctx, h);
    total += (double)HPyLong_AsInt64_t(ctx, h);
    total += (double)HPyLong_AsUInt64_t(ctx, h);
    total += (double)HPyLong_AsUInt64_tMask(ctx, h);
    total += (double)HPyLong_AsSize_t(ctx, h);
    total += (double)HPyLong_AsSsize_t(ctx, h);
    total += (HPyLong_AsVoidPtr(ctx, h) != NULL);
    total += HPyLong_AsDouble(ctx, h);
    total += (double)HPyLong_AsLong(ctx, h);
    total += (double)HPyLong_AsUnsignedLong(ctx, h);
    total += (double)HPyLong_AsUnsignedLongMask(ctx, h);
    total += (double)HPyLong_AsLongLong(ctx, h);
    total += (double)HPyLong_AsUnsignedLongLong(ctx, h);
    total += (double)HPyLong_AsUnsignedLongLongMask(ctx, h);
    total += (double)HPyLong_AsPid(ctx, h);
    total += HPyFloat_AsDouble(ctx, h);
    return total > 0;
}

static int exercise_objects(HPyContext *ctx, HPy obj, HPy name)
{
    int ok = 1;
    HPy t, r;

    /* attributes */
    r = HPy_GetAttr(ctx, obj, name);
    close_if(ctx, r);
    r = HPy_GetAttr_s(ctx, obj, "x");
    close_if(ctx, r);
    ok &= HPy_HasAttr(ctx, obj, name) >= 0;
    ok &= HPy_HasAttr_s(ctx, obj, "x") >= 0;
    ok &= HPy_SetAttr(ctx, obj, name, ctx->h_None) == 0;
    ok &= HPy_SetAttr_s(ctx, obj, "x", ctx->h_None) == 0;
    ok &= HPy_DelAttr(ctx, obj, name) == 0;
    ok &= HPy_DelAttr_s(ctx, obj, "x") == 0;

    /* items */
    r = HPy_GetItem(ctx, obj, name);
    close_if(ctx, r);
    r = HPy_GetItem_i(ctx, obj, 0);
    close_if(ctx, r);
    r = HPy_GetItem_s(ctx, obj, "k");
    close_if(ctx, r);
    ok &= HPy_Contains(ctx, obj, name) >= 0;
    ok &= HPy_SetItem(ctx, obj, name, ctx->h_None) == 0;
    ok &= HPy_SetItem_i(ctx, obj, 0, ctx->h_None) == 0;
    ok &= HPy_SetItem_s(ctx, obj, "k", ctx->h_None) == 0;
    ok &= HPy_DelItem(ctx, obj, name) == 0;
    ok &= HPy_DelItem_i(ctx, obj, 0) == 0;
    ok &= HPy_DelItem_s(ctx, obj, "k") == 0;

    /* identity, truth, protocol */
    ok &= HPy_Length(ctx, obj) >= 0;
    ok &= HPy_IsTrue(ctx, obj) >= 0;
    ok &= HPy_Is(ctx, obj, ctx->h_None) || 1;
    ok &= HPyCallable_Check(ctx, obj) >= 0;
    t = HPy_Type(ctx, obj);
    ok &= HPy_TypeCheck(ctx, obj, t);
    ok &= HPyType_IsSubtype(ctx, t, ctx->h_BaseObjectType);
    ok &= HPyType_GetName(ctx, t) != NULL;
    ok &= _HPyType_GetBuiltinShape(ctx, t) >= HPyType_BuiltinShape_Legacy;
    close_if(ctx, t);

    /* conversions and comparisons */
    r = HPy_Repr(ctx, obj);   close_if(ctx, r);
    r = HPy_Str(ctx, obj);    close_if(ctx, r);
    r = HPy_ASCII(ctx, obj);  close_if(ctx, r);
    r = HPy_Bytes(ctx, obj);  close_if(ctx, r);
    r = HPy_RichCompare(ctx, obj, name, HPy_EQ);
    close_if(ctx, r);
    ok &= HPy_RichCompareBool(ctx, obj, name, HPy_NE) >= 0;
    ok &= HPy_Hash(ctx, obj) != -1;

    /* handles as opaque pointers, and the debug dump */
    ok &= HPy_Is(ctx, HPy_FromVoidP(HPy_AsVoidP(obj)), obj);
    _HPy_Dump(ctx, obj);
    return ok;
}

static int exercise_calls(HPyContext *ctx, HPy callable, HPy name)
{
    HPy args_tuple, kw, r, argv[3], kwnames;
    int ok = 1;

    args_tuple = HPyTuple_Pack(ctx, 2, ctx->h_None, ctx->h_True);
    kw = HPyDict_New(ctx);
    r = HPy_CallTupleDict(ctx, callable, args_tuple, kw);
    close_if(ctx, r);
    r = HPy_CallMethodTupleDict(ctx, name, callable, args_tuple, HPy_NULL);
    close_if(ctx, r);
    r = HPy_CallMethodTupleDict_s(ctx, "method", callable, args_tuple, kw);
    close_if(ctx, r);

    /* vectorcall style: positional then keyword values, names separately */
    argv[0] = callable;
    argv[1] = ctx->h_None;
    argv[2] = ctx->h_False;
    kwnames = HPyTuple_Pack(ctx, 1, name);
    r = HPy_Call(ctx, callable, argv + 1, 1, kwnames);
    close_if(ctx, r);
    r = HPy_CallMethod(ctx, name, argv, 2, HPy_NULL);
    close_if(ctx, r);

    close_if(ctx, kwnames);
    close_if(ctx, kw);
    close_if(ctx, args_tuple);
    return ok;
}

static int exercise_errors(HPyContext *ctx)
{
    HPy exc, exc2, r;
    int ok = 1;

    r = HPyErr_SetString(ctx, ctx->h_ValueError, "bad value");
    ok &= HPy_IsNull(r);
    ok &= HPyErr_Occurred(ctx);
    ok &= HPyErr_ExceptionMatches(ctx, ctx->h_ValueError);
    HPyErr_Clear(ctx);
    r = HPyErr_SetObject(ctx, ctx->h_KeyError, ctx->h_None);
    HPyErr_Clear(ctx);
    r = HPyErr_Format(ctx, ctx->h_TypeError, "%s: %d", "n", 3);
    HPyErr_Clear(ctx);
    errno = ENOENT;
    r = HPyErr_SetFromErrno(ctx, ctx->h_OSError);
    HPyErr_Clear(ctx);
    r = HPyErr_SetFromErrnoWithFilename(ctx, ctx->h_OSError, "/nope");
    HPyErr_Clear(ctx);
    r = HPyErr_SetFromErrnoWithFilenameObject(ctx, ctx->h_OSError, ctx->h_None);
    HPyErr_Clear(ctx);
    r = HPyErr_SetFromErrnoWithFilenameObjects(ctx, ctx->h_OSError,
                                               ctx->h_None, ctx->h_None);
    HPyErr_Clear(ctx);
    r = HPyErr_NoMemory(ctx);
    HPyErr_Clear(ctx);
    ok &= HPy_IsNull(r);

    exc = HPyErr_NewException(ctx, "api.Error", ctx->h_Exception, HPy_NULL);
    exc2 = HPyErr_NewExceptionWithDoc(ctx, "api.Error2", "doc", exc, HPy_NULL);
    ok &= HPyErr_WarnEx(ctx, ctx->h_UserWarning, "careful", 1) == 0;
    HPyErr_WriteUnraisable(ctx, exc2);
    close_if(ctx, exc2);
    close_if(ctx, exc);
    (void)r;
    return ok;
}

static int exercise_text(HPyContext *ctx, HPy s, HPy b)
{
    HPy r[16];
    int k = 0, i, ok = 1;
    HPy_ssize_t size = 0;
    static const wchar_t wide[] = { 'h', 'i', 0 };

    /* bytes */
    ok &= HPyBytes_Check(ctx, b);
    ok &= HPyBytes_Size(ctx, b) == HPyBytes_GET_SIZE(ctx, b);
    ok &= HPyBytes_AsString(ctx, b) == HPyBytes_AS_STRING(ctx, b);
    r[k++] = HPyBytes_FromString(ctx, "abc");
    r[k++] = HPyBytes_FromStringAndSize(ctx, "abc", 2);

    /* str */
    ok &= HPyUnicode_Check(ctx, s);
    ok &= HPyUnicode_AsUTF8AndSize(ctx, s, &size) != NULL;
    ok &= HPyUnicode_ReadChar(ctx, s, 0) != (HPy_UCS4)-1;
    r[k++] = HPyUnicode_FromString(ctx, "text");
    r[k++] = HPyUnicode_AsASCIIString(ctx, s);
    r[k++] = HPyUnicode_AsLatin1String(ctx, s);
    r[k++] = HPyUnicode_AsUTF8String(ctx, s);
    r[k++] = HPyUnicode_FromWideChar(ctx, wide, 2);
    r[k++] = HPyUnicode_DecodeFSDefault(ctx, "path");
    r[k++] = HPyUnicode_DecodeFSDefaultAndSize(ctx, "path", 2);
    r[k++] = HPyUnicode_EncodeFSDefault(ctx, s);
    r[k++] = HPyUnicode_DecodeASCII(ctx, "ascii", 5, "strict");
    r[k++] = HPyUnicode_DecodeLatin1(ctx, "latin", 5, NULL);
    r[k++] = HPyUnicode_FromEncodedObject(ctx, b, "utf-8", "replace");
    r[k++] = HPyUnicode_Substring(ctx, s, 0, 1);
    r[k++] = HPyUnicode_FromFormat(ctx, "%d-%s-%R", 1, "two", s);
    r[k++] = format_v(ctx, "%zd items", size);
    for (i = 0; i < k; i++)
        close_if(ctx, r[i]);
    return ok;
}

static int exercise_containers(HPyContext *ctx, HPy item)
{
    HPy list, dict, keys, copy, tup, built, slice_like;
    HPy items[2];
    HPyListBuilder lb;
    HPyTupleBuilder tb;
    HPy_ssize_t start = 0, stop = 10, step = 1, len;
    int ok = 1;

    list = HPyList_New(ctx, 0);
    ok &= HPyList_Check(ctx, list);
    ok &= HPyList_Append(ctx, list, item) == 0;

    dict = HPyDict_New(ctx);
    ok &= HPyDict_Check(ctx, dict);
    ok &= HPy_SetItem_s(ctx, dict, "k", item) == 0;
    keys = HPyDict_Keys(ctx, dict);
    copy = HPyDict_Copy(ctx, dict);

    items[0] = item;
    items[1] = list;
    tup = HPyTuple_FromArray(ctx, items, 2);
    ok &= HPyTuple_Check(ctx, tup);
    close_if(ctx, tup);
    tup = HPyTuple_Pack(ctx, 0);
    close_if(ctx, tup);

    lb = HPyListBuilder_New(ctx, 2);
    HPyListBuilder_Set(ctx, lb, 0, item);
    HPyListBuilder_Set(ctx, lb, 1, item);
    built = HPyListBuilder_Build(ctx, lb);
    close_if(ctx, built);
    lb = HPyListBuilder_New(ctx, 1);
    HPyListBuilder_Cancel(ctx, lb);

    tb = HPyTupleBuilder_New(ctx, 1);
    HPyTupleBuilder_Set(ctx, tb, 0, item);
    built = HPyTupleBuilder_Build(ctx, tb);
    close_if(ctx, built);
    tb = HPyTupleBuilder_New(ctx, 1);
    HPyTupleBuilder_Cancel(ctx, tb);

    /* slices: unpack an object built from Python, then clip */
    slice_like = HPy_BuildValue(ctx, "(nnn)", (HPy_ssize_t)0,
                                (HPy_ssize_t)5, (HPy_ssize_t)1);
    if (HPySlice_Unpack(ctx, item, &start, &stop, &step) == 0) {
        len = HPySlice_AdjustIndices(ctx, 8, &start, &stop, step);
        ok &= len >= 0;
    }
    close_if(ctx, slice_like);

    close_if(ctx, copy);
    close_if(ctx, keys);
    close_if(ctx, dict);
    close_if(ctx, list);
    return ok;
}

static int exercise_tracker(HPyContext *ctx, HPy a)
{
    HPyTracker ht = HPyTracker_New(ctx, 4);
    int ok = HPyTracker_Add(ctx, ht, HPy_Dup(ctx, a)) == 0;
    HPyTracker_ForgetAll(ctx, ht);
    HPyTracker_Close(ctx, ht);
    return ok;
}

/* Capsule destructor, declared with the macro and defined by us. */
HPyCapsule_DESTRUCTOR(cap_destructor)
static void cap_destructor_impl(const char *name, void *pointer, void *context)
{
    (void)name; (void)context;
    free(pointer);
}

static int exercise_capsules(HPyContext *ctx)
{
    static int context_value;
    void *payload = malloc(16);
    HPy cap = HPyCapsule_New(ctx, payload, "api.cap", &cap_destructor);
    int ok = !HPy_IsNull(cap);

    ok &= HPyCapsule_IsValid(ctx, cap, "api.cap");
    ok &= HPyCapsule_GetPointer(ctx, cap, "api.cap") == payload;
    ok &= HPyCapsule_GetName(ctx, cap) != NULL;
    ok &= HPyCapsule_SetContext(ctx, cap, &context_value) == 0;
    ok &= HPyCapsule_GetContext(ctx, cap) == &context_value;
    ok &= HPyCapsule_SetName(ctx, cap, "api.cap2") == 0;
    ok &= HPyCapsule_SetPointer(ctx, cap, payload) == 0;
    ok &= HPyCapsule_SetDestructor(ctx, cap, &cap_destructor) == 0;
    ok &= HPyCapsule_Get(ctx, cap, HPyCapsule_key_Pointer, "api.cap2") != NULL;
    ok &= HPyCapsule_Set(ctx, cap, HPyCapsule_key_Context, NULL) == 0;
    close_if(ctx, cap);
    return ok;
}

static int exercise_runtime_services(HPyContext *ctx)
{
    HPy var, value = HPy_NULL, old, code, globals, result, mod;
    HPyThreadState ts;
    int ok = 1;
    long spin = 0;

    /* context variables */
    var = HPyContextVar_New(ctx, "api_var", ctx->h_None);
    old = HPyContextVar_Set(ctx, var, ctx->h_True);
    ok &= HPyContextVar_Get(ctx, var, HPy_NULL, &value) == 0;
    close_if(ctx, value);
    close_if(ctx, old);
    close_if(ctx, var);

    /* compile and evaluate */
    code = HPy_Compile_s(ctx, "1 + 1", "<api>", HPy_SourceKind_Expr);
    globals = HPyDict_New(ctx);
    result = HPy_EvalCode(ctx, code, globals, globals);
    close_if(ctx, result);
    close_if(ctx, code);
    code = HPy_Compile_s(ctx, "x = 1", "<api>", HPy_SourceKind_File);
    close_if(ctx, code);
    code = HPy_Compile_s(ctx, "pass", "<api>", HPy_SourceKind_Single);
    close_if(ctx, code);
    close_if(ctx, globals);

    /* import */
    mod = HPyImport_ImportModule(ctx, "math");
    close_if(ctx, mod);

    /* leaving the interpreter: functions, then the block macros */
    ts = HPy_LeavePythonExecution(ctx);
    spin += 1;
    HPy_ReenterPythonExecution(ctx, ts);
    HPy_BEGIN_LEAVE_PYTHON(ctx)
        spin += 1;
    HPy_END_LEAVE_PYTHON(ctx)

    /* builtins and the cached global */
    result = HPy_GetItem_s(ctx, ctx->h_Builtins, "len");
    HPyGlobal_Store(ctx, &g_cache, result);
    close_if(ctx, result);
    result = HPyGlobal_Load(ctx, g_cache);
    close_if(ctx, result);
    return ok && spin == 2;
}

/* Struct sequences from the helper runtime. */
static HPy make_structseq(HPyContext *ctx)
{
    static HPyStructSequence_Field fields[3];
    static HPyStructSequence_Desc desc;
    HPy type, items[2], inst;

    fields[0].name = "a";
    fields[0].doc = "first";
    fields[1].name = HPyStructSequence_UnnamedField;
    fields[1].doc = NULL;
    fields[2].name = NULL;
    desc.name = "api.Pair";
    desc.doc = "a pair";
    desc.fields = fields;
    type = HPyStructSequence_NewType(ctx, &desc);
    if (HPy_IsNull(type))
        return HPy_NULL;
    items[0] = ctx->h_None;
    items[1] = ctx->h_True;
    inst = HPyStructSequence_New(ctx, type, 2, items);
    HPy_Close(ctx, type);
    return inst;
}

/* ======================================================================
 * Methods: the four method signatures, plus _IMPL and the raw macros.
 * ====================================================================== */

HPyDef_METH(m_noargs, "noargs", HPyFunc_NOARGS, .doc = "NOARGS")
static HPy m_noargs_impl(HPyContext *ctx, HPy self)
{
    int ok = exercise_errors(ctx) & exercise_capsules(ctx) &
             exercise_runtime_services(ctx);
    (void)self;
    return HPyBool_FromLong(ctx, ok);
}

HPyDef_METH(m_o, "o", HPyFunc_O)
static HPy m_o_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int ok = exercise_objects(ctx, arg, self) &
             exercise_ints_and_floats(ctx, arg) &
             exercise_tracker(ctx, arg) &
             exercise_containers(ctx, arg);
    return HPyBool_FromBool(ctx, ok != 0);
}

/* HPyArg_Parse over positional arguments, HPy_BuildValue for the result. */
HPyDef_METH(m_varargs, "varargs", HPyFunc_VARARGS, .doc = "VARARGS")
static HPy m_varargs_impl(HPyContext *ctx, HPy self, const HPy *args,
                          size_t nargs)
{
    HPyTracker ht;
    long l = 0;
    double d = 0;
    HPy o = HPy_NULL, s = HPy_NULL, result;
    int pid = 0;

    if (!HPyArg_Parse(ctx, &ht, args, nargs, "lO|dU" _HPy_PARSE_PID,
                      &l, &o, &d, &s, &pid))
        return HPy_NULL;
    if (!exercise_numbers(ctx, o, self) || !exercise_calls(ctx, o, s)) {
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    }
    result = HPy_BuildValue(ctx, "(ldOi)", l, d, o, pid);
    HPyTracker_Close(ctx, ht);
    return result;
}

/* HPyArg_ParseKeywords with vectorcall-style keywords. */
HPyDef_METH(m_keywords, "keywords", HPyFunc_KEYWORDS)
static HPy m_keywords_impl(HPyContext *ctx, HPy self, const HPy *args,
                           size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = { "text", "data", NULL };
    HPy text = HPy_NULL, data = HPy_NULL, packed_args, packed_kw;
    int ok;

    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "|OO",
                              kwlist, &text, &data))
        return HPy_NULL;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames,
                                        &packed_args, &packed_kw))
        return HPy_NULL;
    close_if(ctx, packed_args);
    close_if(ctx, packed_kw);
    ok = exercise_text(ctx, text, data);
    if (!ok)
        return make_structseq(ctx);
    HPy_RETURN_NOTIMPLEMENTED(ctx);
}

/* HPyDef_METH_IMPL: the implementation has a name of our choosing. */
HPyDef_METH_IMPL(m_renamed, "renamed", renamed_function, HPyFunc_NOARGS,
                 .doc = "uses HPyDef_METH_IMPL")
static HPy renamed_function(HPyContext *ctx, HPy self)
{
    return HPy_Dup(ctx, self);
}

/* The building blocks used directly, with a hand-filled HPyDef. */
HPyFunc_DECLARE(manual_impl, HPyFunc_O);
HPyFunc_TRAMPOLINE(manual_trampoline, manual_impl, HPyFunc_O)
static HPy manual_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}
static HPyDef m_manual = {
    .kind = HPyDef_Kind_Meth,
    .meth = {
        .name = "manual",
        .impl = (HPyCFunction)(void (*)(void))manual_impl,
        .cpy_trampoline = (cpy_PyCFunction)(void (*)(void))manual_trampoline,
        .signature = HPyFunc_O,
        .doc = "hand-filled HPyDef"
    }
};

/* ======================================================================
 * The Point type: every slot, every member type, every getset form.
 * ====================================================================== */

/* A call function installed per instance with HPy_SetCallFunction. */
HPyDef_CALL_FUNCTION(point_call_function)
static HPy point_call_function_impl(HPyContext *ctx, HPy callable,
                                    const HPy *args, size_t nargs,
                                    HPy kwnames)
{
    (void)callable; (void)args; (void)kwnames;
    return HPyLong_FromSize_t(ctx, nargs);
}

HPyDef_SLOT(p_new, HPy_tp_new)
static HPy p_new_impl(HPyContext *ctx, HPy type, const HPy *args,
                      HPy_ssize_t nargs, HPy kw)
{
    PointObject *p;
    HPy h = HPy_New(ctx, type, &p);
    (void)args; (void)nargs; (void)kw;
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = 1;
    p->other = HPyField_NULL;
    HPyField_Store(ctx, h, &p->other, ctx->h_None);
    if (HPy_SetCallFunction(ctx, h, &point_call_function) < 0) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    return h;
}

/* tp_init gets a dict of keywords: HPyArg_ParseKeywordsDict. */
HPyDef_SLOT(p_init, HPy_tp_init)
static int p_init_impl(HPyContext *ctx, HPy self, const HPy *args,
                       HPy_ssize_t nargs, HPy kw)
{
    static const char *kwlist[] = { "x", "y", NULL };
    PointObject *p = PointObject_AsStruct(ctx, self);
    HPyTracker ht;
    if (!HPyArg_ParseKeywordsDict(ctx, &ht, args, nargs, kw, "|ld", kwlist,
                                  &p->x, &p->y))
        return -1;
    HPyTracker_Close(ctx, ht);
    return 0;
}

HPyDef_SLOT(p_repr, HPy_tp_repr)
static HPy p_repr_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyUnicode_FromFormat(ctx, "Point(%ld, %S)", p->x, self);
}

HPyDef_SLOT(p_str, HPy_tp_str)
static HPy p_str_impl(HPyContext *ctx, HPy self)
{
    return HPy_Repr(ctx, self);
}

HPyDef_SLOT(p_hash, HPy_tp_hash)
static HPy_hash_t p_hash_impl(HPyContext *ctx, HPy self)
{
    return (HPy_hash_t)PointObject_AsStruct(ctx, self)->x;
}

HPyDef_SLOT(p_richcompare, HPy_tp_richcompare)
static HPy p_richcompare_impl(HPyContext *ctx, HPy self, HPy other,
                              HPy_RichCmpOp op)
{
    long a = PointObject_AsStruct(ctx, self)->x;
    long b = HPyLong_AsLong(ctx, other);
    HPy_RETURN_RICHCOMPARE(ctx, a, b, op);
}

/* tp_call through HPyFunc_KEYWORDS (the vectorcall convention). */
HPyDef_SLOT(p_call, HPy_tp_call)
static HPy p_call_impl(HPyContext *ctx, HPy self, const HPy *args,
                       size_t nargs, HPy kwnames)
{
    (void)self; (void)args; (void)kwnames;
    return HPyLong_FromSize_t(ctx, nargs);
}

/* GC support: traverse visits every HPyField; no context here. */
HPyDef_SLOT(p_traverse, HPy_tp_traverse)
static int p_traverse_impl(void *object, HPyFunc_visitproc visit, void *arg)
{
    PointObject *p = (PointObject *)object;
    HPy_VISIT(&p->other);
    return 0;
}

HPyDef_SLOT(p_finalize, HPy_tp_finalize)
static void p_finalize_impl(HPyContext *ctx, HPy self)
{
    HPy other = HPyField_Load(ctx, self, PointObject_AsStruct(ctx, self)->other);
    close_if(ctx, other);
}

HPyDef_SLOT(p_destroy, HPy_tp_destroy)
static void p_destroy_impl(void *object)
{
    free(((PointObject *)object)->buffer_data);
}

/* Buffer protocol. */
HPyDef_SLOT(p_getbuffer, HPy_bf_getbuffer)
static int p_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view,
                            int flags)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    (void)flags;
    view->buf = &p->x;
    view->obj = HPy_Dup(ctx, self);
    view->len = (HPy_ssize_t)sizeof(p->x);
    view->itemsize = (HPy_ssize_t)sizeof(p->x);
    view->readonly = 1;
    view->ndim = 1;
    view->format = NULL;
    view->shape = NULL;
    view->strides = NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

HPyDef_SLOT(p_releasebuffer, HPy_bf_releasebuffer)
static void p_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view)
{
    (void)ctx; (void)self;
    view->internal = NULL;
}

/* Number slots: one line each through a local helper macro. */
#define UNARY_SLOT(SYM, SLOT, API)                                           \
    HPyDef_SLOT(SYM, SLOT)                                                   \
    static HPy SYM##_impl(HPyContext *ctx, HPy a) { return API(ctx, a); }
#define BINARY_SLOT(SYM, SLOT, API)                                          \
    HPyDef_SLOT(SYM, SLOT)                                                   \
    static HPy SYM##_impl(HPyContext *ctx, HPy a, HPy b)                     \
    { return API(ctx, a, b); }
#define TERNARY_SLOT(SYM, SLOT, API)                                         \
    HPyDef_SLOT(SYM, SLOT)                                                   \
    static HPy SYM##_impl(HPyContext *ctx, HPy a, HPy b, HPy c)              \
    { return API(ctx, a, b, c); }

UNARY_SLOT(p_nb_absolute, HPy_nb_absolute, HPy_Absolute)
UNARY_SLOT(p_nb_float, HPy_nb_float, HPy_Float)
UNARY_SLOT(p_nb_index, HPy_nb_index, HPy_Index)
UNARY_SLOT(p_nb_int, HPy_nb_int, HPy_Long)
UNARY_SLOT(p_nb_invert, HPy_nb_invert, HPy_Invert)
UNARY_SLOT(p_nb_negative, HPy_nb_negative, HPy_Negative)
UNARY_SLOT(p_nb_positive, HPy_nb_positive, HPy_Positive)
BINARY_SLOT(p_nb_add, HPy_nb_add, HPy_Add)
BINARY_SLOT(p_nb_and, HPy_nb_and, HPy_And)
BINARY_SLOT(p_nb_divmod, HPy_nb_divmod, HPy_Divmod)
BINARY_SLOT(p_nb_floor_divide, HPy_nb_floor_divide, HPy_FloorDivide)
BINARY_SLOT(p_nb_lshift, HPy_nb_lshift, HPy_Lshift)
BINARY_SLOT(p_nb_multiply, HPy_nb_multiply, HPy_Multiply)
BINARY_SLOT(p_nb_or, HPy_nb_or, HPy_Or)
BINARY_SLOT(p_nb_remainder, HPy_nb_remainder, HPy_Remainder)
BINARY_SLOT(p_nb_rshift, HPy_nb_rshift, HPy_Rshift)
BINARY_SLOT(p_nb_subtract, HPy_nb_subtract, HPy_Subtract)
BINARY_SLOT(p_nb_true_divide, HPy_nb_true_divide, HPy_TrueDivide)
BINARY_SLOT(p_nb_xor, HPy_nb_xor, HPy_Xor)
BINARY_SLOT(p_nb_matrix_multiply, HPy_nb_matrix_multiply, HPy_MatrixMultiply)
TERNARY_SLOT(p_nb_power, HPy_nb_power, HPy_Power)
BINARY_SLOT(p_nb_inplace_add, HPy_nb_inplace_add, HPy_InPlaceAdd)
BINARY_SLOT(p_nb_inplace_and, HPy_nb_inplace_and, HPy_InPlaceAnd)
BINARY_SLOT(p_nb_inplace_floor_divide, HPy_nb_inplace_floor_divide,
            HPy_InPlaceFloorDivide)
BINARY_SLOT(p_nb_inplace_lshift, HPy_nb_inplace_lshift, HPy_InPlaceLshift)
BINARY_SLOT(p_nb_inplace_multiply, HPy_nb_inplace_multiply,
            HPy_InPlaceMultiply)
BINARY_SLOT(p_nb_inplace_or, HPy_nb_inplace_or, HPy_InPlaceOr)
BINARY_SLOT(p_nb_inplace_remainder, HPy_nb_inplace_remainder,
            HPy_InPlaceRemainder)
BINARY_SLOT(p_nb_inplace_rshift, HPy_nb_inplace_rshift, HPy_InPlaceRshift)
BINARY_SLOT(p_nb_inplace_subtract, HPy_nb_inplace_subtract,
            HPy_InPlaceSubtract)
BINARY_SLOT(p_nb_inplace_true_divide, HPy_nb_inplace_true_divide,
            HPy_InPlaceTrueDivide)
BINARY_SLOT(p_nb_inplace_xor, HPy_nb_inplace_xor, HPy_InPlaceXor)
BINARY_SLOT(p_nb_inplace_matrix_multiply, HPy_nb_inplace_matrix_multiply,
            HPy_InPlaceMatrixMultiply)
TERNARY_SLOT(p_nb_inplace_power, HPy_nb_inplace_power, HPy_InPlacePower)
/* Sequence and mapping concatenation reuse the number API. */
BINARY_SLOT(p_sq_concat, HPy_sq_concat, HPy_Add)
BINARY_SLOT(p_sq_inplace_concat, HPy_sq_inplace_concat, HPy_InPlaceAdd)
BINARY_SLOT(p_mp_subscript, HPy_mp_subscript, HPy_GetItem)

HPyDef_SLOT(p_nb_bool, HPy_nb_bool)
static int p_nb_bool_impl(HPyContext *ctx, HPy self)
{
    return PointObject_AsStruct(ctx, self)->x != 0;
}

/* HPyDef_SLOT_IMPL: same as HPyDef_SLOT with a chosen function name. */
HPyDef_SLOT_IMPL(p_sq_length, point_length, HPy_sq_length)
static HPy_ssize_t point_length(HPyContext *ctx, HPy self)
{
    (void)ctx; (void)self;
    return 2;
}

HPyDef_SLOT(p_mp_length, HPy_mp_length)
static HPy_ssize_t p_mp_length_impl(HPyContext *ctx, HPy self)
{
    return HPy_Length(ctx, self);
}

HPyDef_SLOT(p_sq_item, HPy_sq_item)
static HPy p_sq_item_impl(HPyContext *ctx, HPy self, HPy_ssize_t i)
{
    (void)self;
    return HPyLong_FromSsize_t(ctx, i);
}

HPyDef_SLOT(p_sq_repeat, HPy_sq_repeat)
static HPy p_sq_repeat_impl(HPyContext *ctx, HPy self, HPy_ssize_t n)
{
    HPy count = HPyLong_FromSsize_t(ctx, n);
    HPy result = HPyTuple_Pack(ctx, 2, self, count);
    HPy_Close(ctx, count);
    return result;
}

HPyDef_SLOT(p_sq_inplace_repeat, HPy_sq_inplace_repeat)
static HPy p_sq_inplace_repeat_impl(HPyContext *ctx, HPy self, HPy_ssize_t n)
{
    (void)n;
    return HPy_Dup(ctx, self);
}

HPyDef_SLOT(p_sq_ass_item, HPy_sq_ass_item)
static int p_sq_ass_item_impl(HPyContext *ctx, HPy self, HPy_ssize_t i,
                              HPy value)
{
    /* value is HPy_NULL for `del p[i]` */
    if (HPy_IsNull(value))
        return HPy_DelItem_i(ctx, self, i);
    return HPy_SetItem_i(ctx, self, i, value);
}

HPyDef_SLOT(p_sq_contains, HPy_sq_contains)
static int p_sq_contains_impl(HPyContext *ctx, HPy self, HPy item)
{
    (void)self;
    return HPy_IsTrue(ctx, item);
}

HPyDef_SLOT(p_mp_ass_subscript, HPy_mp_ass_subscript)
static int p_mp_ass_subscript_impl(HPyContext *ctx, HPy self, HPy key,
                                   HPy value)
{
    if (HPy_IsNull(value))
        return HPy_DelItem(ctx, self, key);
    return HPy_SetItem(ctx, self, key, value);
}

/* Members: one per HPyMember_FieldType. */
HPyDef_MEMBER(mem_short, "s", HPyMember_SHORT, offsetof(PointObject, s))
HPyDef_MEMBER(mem_int, "i", HPyMember_INT, offsetof(PointObject, i),
              .readonly = 1)
HPyDef_MEMBER(mem_long, "x", HPyMember_LONG, offsetof(PointObject, x),
              .doc = "the x coordinate")
HPyDef_MEMBER(mem_float, "f", HPyMember_FLOAT, offsetof(PointObject, f))
HPyDef_MEMBER(mem_double, "y", HPyMember_DOUBLE, offsetof(PointObject, y),
              .readonly = 0, .doc = "the y coordinate")
HPyDef_MEMBER(mem_string, "str", HPyMember_STRING,
              offsetof(PointObject, str), .readonly = 1)
HPyDef_MEMBER(mem_char, "c", HPyMember_CHAR, offsetof(PointObject, c))
HPyDef_MEMBER(mem_byte, "b", HPyMember_BYTE, offsetof(PointObject, b))
HPyDef_MEMBER(mem_ubyte, "ub", HPyMember_UBYTE, offsetof(PointObject, ub))
HPyDef_MEMBER(mem_ushort, "us", HPyMember_USHORT, offsetof(PointObject, us))
HPyDef_MEMBER(mem_uint, "ui", HPyMember_UINT, offsetof(PointObject, ui))
HPyDef_MEMBER(mem_ulong, "ul", HPyMember_ULONG, offsetof(PointObject, ul))
HPyDef_MEMBER(mem_inplace, "inplace", HPyMember_STRING_INPLACE,
              offsetof(PointObject, inplace), .readonly = 1)
HPyDef_MEMBER(mem_bool, "flag", HPyMember_BOOL, offsetof(PointObject, flag))
HPyDef_MEMBER(mem_longlong, "ll", HPyMember_LONGLONG,
              offsetof(PointObject, ll))
HPyDef_MEMBER(mem_ulonglong, "ull", HPyMember_ULONGLONG,
              offsetof(PointObject, ull))
HPyDef_MEMBER(mem_ssize, "n", HPyMember_HPYSSIZET, offsetof(PointObject, n))
HPyDef_MEMBER(mem_none, "nothing", HPyMember_NONE, 0, .readonly = 1)
/* OBJECT/OBJECT_EX describe PyObject* fields: legacy types only, but the
   definitions themselves compile anywhere. */
HPyDef_MEMBER(mem_object, "obj", HPyMember_OBJECT, 0, .readonly = 1)
HPyDef_MEMBER(mem_object_ex, "obj_ex", HPyMember_OBJECT_EX, 0, .readonly = 1)

/* Get/set descriptors in all five forms. */
HPyDef_GET(gs_get, "norm")
static HPy gs_get_get(HPyContext *ctx, HPy self, void *closure)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    (void)closure;
    return HPyFloat_FromDouble(ctx, (double)p->x * p->y);
}

HPyDef_SET(gs_set, "sink", .doc = "write-only")
static int gs_set_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)closure;
    PointObject_AsStruct(ctx, self)->x = HPyLong_AsLong(ctx, value);
    return HPyErr_Occurred(ctx) ? -1 : 0;
}

HPyDef_GETSET(gs_both, "other", .doc = "a traced field",
              .closure = (void *)&g_cache)
static HPy gs_both_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyField_Load(ctx, self, PointObject_AsStruct(ctx, self)->other);
}
static int gs_both_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)closure;
    HPyField_Store(ctx, self, &PointObject_AsStruct(ctx, self)->other, value);
    return 0;
}

HPyDef_GET_IMPL(gs_get2, "get_impl", point_get_impl, .doc = "GET_IMPL")
static HPy point_get_impl(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPy_Dup(ctx, self);
}

HPyDef_SET_IMPL(gs_set2, "set_impl", point_set_impl)
static int point_set_impl(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)ctx; (void)self; (void)value; (void)closure;
    return 0;
}

HPyDef_GETSET_IMPL(gs_both2, "getset_impl", point_gs_get, point_gs_set)
static HPy point_gs_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)self; (void)closure;
    return HPy_Dup(ctx, ctx->h_Ellipsis);
}
static int point_gs_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)ctx; (void)self; (void)value; (void)closure;
    return 0;
}

static HPyDef *point_defines[] = {
    &p_new, &p_init, &p_repr, &p_str, &p_hash, &p_richcompare, &p_call,
    &p_traverse, &p_finalize, &p_destroy, &p_getbuffer, &p_releasebuffer,
    &p_nb_absolute, &p_nb_float, &p_nb_index, &p_nb_int, &p_nb_invert,
    &p_nb_negative, &p_nb_positive, &p_nb_add, &p_nb_and, &p_nb_divmod,
    &p_nb_floor_divide, &p_nb_lshift, &p_nb_multiply, &p_nb_or,
    &p_nb_remainder, &p_nb_rshift, &p_nb_subtract, &p_nb_true_divide,
    &p_nb_xor, &p_nb_matrix_multiply, &p_nb_power, &p_nb_inplace_add,
    &p_nb_inplace_and, &p_nb_inplace_floor_divide, &p_nb_inplace_lshift,
    &p_nb_inplace_multiply, &p_nb_inplace_or, &p_nb_inplace_remainder,
    &p_nb_inplace_rshift, &p_nb_inplace_subtract, &p_nb_inplace_true_divide,
    &p_nb_inplace_xor, &p_nb_inplace_matrix_multiply, &p_nb_inplace_power,
    &p_nb_bool, &p_sq_concat, &p_sq_inplace_concat, &p_sq_length,
    &p_sq_item, &p_sq_repeat, &p_sq_inplace_repeat, &p_sq_ass_item,
    &p_sq_contains, &p_mp_subscript, &p_mp_length, &p_mp_ass_subscript,
    &mem_short, &mem_int, &mem_long, &mem_float, &mem_double, &mem_string,
    &mem_char, &mem_byte, &mem_ubyte, &mem_ushort, &mem_uint, &mem_ulong,
    &mem_inplace, &mem_bool, &mem_longlong, &mem_ulonglong, &mem_ssize,
    &mem_none,
    &gs_get, &gs_set, &gs_both, &gs_get2, &gs_set2, &gs_both2,
    &m_noargs, &m_renamed,
    NULL
};

static HPyType_Spec point_spec = {
    .name = "api_universal.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE |
             HPy_TPFLAGS_HAVE_GC | HPy_TPFLAGS_HAVE_VECTORCALL,
    .builtin_shape = SHAPE(PointObject),
    .legacy_slots = NULL,
    .defines = point_defines,
    .doc = "A point that implements every slot"
};

/* A tuple subclass: HPyType_HELPERS with a shape, bases given by params. */
static HPyType_Spec tuple_ext_spec = {
    .name = "api_universal.TupleExt",
    .basicsize = sizeof(TupleExt),
    .flags = HPy_TPFLAGS_DEFAULT,
    .builtin_shape = SHAPE(TupleExt)
};

/* Touch every _AsStruct helper so each shape's accessor is compiled. */
static int exercise_as_struct(HPyContext *ctx, HPy h)
{
    return (TypeObjectExt_AsStruct(ctx, h) != NULL) +
           (LongExt_AsStruct(ctx, h) != NULL) +
           (FloatExt_AsStruct(ctx, h) != NULL) +
           (UnicodeExt_AsStruct(ctx, h) != NULL) +
           (TupleExt_AsStruct(ctx, h) != NULL) +
           (ListExt_AsStruct(ctx, h) != NULL) +
           (LegacyExt_AsStruct(ctx, h) != NULL) +
           (PointObject_AsStruct(ctx, h) != NULL) +
           /* the same context functions, named directly */
           (_HPy_AsStruct_Object(ctx, h) != NULL) +
           (_HPy_AsStruct_Legacy(ctx, h) != NULL) +
           (_HPy_AsStruct_Type(ctx, h) != NULL) +
           (_HPy_AsStruct_Long(ctx, h) != NULL) +
           (_HPy_AsStruct_Float(ctx, h) != NULL) +
           (_HPy_AsStruct_Unicode(ctx, h) != NULL) +
           (_HPy_AsStruct_Tuple(ctx, h) != NULL) +
           (_HPy_AsStruct_List(ctx, h) != NULL);
}

/* What HPy_New expands to, and the call every trampoline makes. */
static HPy raw_new(HPyContext *ctx, HPy type, HPy arg)
{
    void *data = NULL;
    HPy h = _HPy_New(ctx, type, &data);
    _HPyFunc_args_O a = { NULL, NULL, NULL };
    (void)arg;
    if (data == NULL)
        _HPy_CallRealFunctionFromTrampoline(ctx, HPyFunc_O,
            (HPyCFunction)(void (*)(void))manual_impl, &a);
    return h;
}

/* ======================================================================
 * Module: globals, mod_exec (and a mod_create that is not registered).
 * ====================================================================== */

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy module)
{
    HPyType_SpecParam params[] = {
        { HPyType_SpecParam_Base, ctx->h_TupleType },
        { (HPyType_SpecParam_Kind)0, HPy_NULL }
    };
    HPyType_SpecParam more_params[3];
    HPy point_type, bases, meta_type, generic, version;
    int rc;

    if (!HPyHelpers_AddType(ctx, module, "Point", &point_spec, NULL))
        return -1;
    if (!HPyHelpers_AddType(ctx, module, "TupleExt", &tuple_ext_spec, params))
        return -1;

    point_type = HPy_GetAttr_s(ctx, module, "Point");
    if (HPy_IsNull(point_type))
        return -1;
    HPyGlobal_Store(ctx, &g_point_type, point_type);

    /* A subclass created through HPyType_FromSpec with all param kinds. */
    bases = HPyTuple_Pack(ctx, 1, point_type);
    meta_type = HPy_Type(ctx, point_type);
    more_params[0].kind = HPyType_SpecParam_BasesTuple;
    more_params[0].object = bases;
    more_params[1].kind = HPyType_SpecParam_Metaclass;
    more_params[1].object = meta_type;
    more_params[2].kind = (HPyType_SpecParam_Kind)0;
    more_params[2].object = HPy_NULL;
    generic = HPyType_FromSpec(ctx, &point_spec, more_params);
    if (!HPy_IsNull(generic)) {
        HPy inst = HPyType_GenericNew(ctx, generic, NULL, 0, HPy_NULL);
        HPy raw = raw_new(ctx, generic, inst);
        close_if(ctx, raw);
        if (exercise_as_struct(ctx, inst) < 0)
            HPy_FatalError(ctx, "unreachable");
        close_if(ctx, inst);
    }
    close_if(ctx, generic);
    close_if(ctx, meta_type);
    close_if(ctx, bases);
    HPy_Close(ctx, point_type);

    version = HPyUnicode_FromString(ctx, HPY_ABI " " HPY_VERSION " "
                                    HPY_ABI_TAG " " HILT_VERSION);
    rc = HPy_SetAttr_s(ctx, module, "version", version);
    close_if(ctx, version);
    return rc;
}

/* Not in the module's defines: a module with mod_create must not have
   state or other slots.  Defined to compile the MOD_CREATE trampoline. */
HPyDef_SLOT(mod_create, HPy_mod_create)
static HPy mod_create_impl(HPyContext *ctx, HPy spec)
{
    return HPy_GetAttr_s(ctx, spec, "name");
}

static HPyDef *module_defines[] = {
    &mod_exec, &m_noargs, &m_o, &m_varargs, &m_keywords, &m_renamed,
    &m_manual, NULL
};

static HPyGlobal *module_globals[] = { &g_point_type, &g_cache, NULL };

static HPyModuleDef moduledef = {
    .doc = "Compile-only coverage of the Hilt/HPy universal API",
    .size = 0,
    .legacy_methods = NULL,
    .defines = module_defines,
    .globals = module_globals
};

/* HPy_MODINIT pastes its first argument, so expand the name first. */
#define API_TEST_MODINIT(name, def) HPy_MODINIT(name, def)
API_TEST_MODINIT(API_TEST_MODNAME, moduledef)
