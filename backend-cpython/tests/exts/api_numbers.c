/* Test extension for the number protocol and the int/float/bool
   conversions: each method calls one API function and hands back the
   result, so the Python tests can compare it with plain Python. */
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

/* ------------------------------------------------------ number protocol */

#define BINARY(NAME, FN)                                                      \
    HPyDef_METH(an_##NAME, #NAME, HPyFunc_VARARGS)                                 \
    static HPy an_##NAME##_impl(HPyContext *ctx, HPy self, const HPy *args,        \
                           size_t nargs)                                      \
    {                                                                         \
        (void)self;                                                           \
        if (!check_nargs(ctx, nargs, 2))                                      \
            return HPy_NULL;                                                  \
        return FN(ctx, args[0], args[1]);                                     \
    }

#define UNARY(NAME, FN)                                                       \
    HPyDef_METH(an_##NAME, #NAME, HPyFunc_O)                                       \
    static HPy an_##NAME##_impl(HPyContext *ctx, HPy self, HPy arg)                \
    {                                                                         \
        (void)self;                                                           \
        return FN(ctx, arg);                                                  \
    }

BINARY(add, HPy_Add)
BINARY(subtract, HPy_Subtract)
BINARY(multiply, HPy_Multiply)
BINARY(matrix_multiply, HPy_MatrixMultiply)
BINARY(floor_divide, HPy_FloorDivide)
BINARY(true_divide, HPy_TrueDivide)
BINARY(remainder, HPy_Remainder)
BINARY(divmod, HPy_Divmod)
BINARY(lshift, HPy_Lshift)
BINARY(rshift, HPy_Rshift)
BINARY(and_, HPy_And)
BINARY(xor_, HPy_Xor)
BINARY(or_, HPy_Or)
BINARY(inplace_add, HPy_InPlaceAdd)
BINARY(inplace_subtract, HPy_InPlaceSubtract)
BINARY(inplace_multiply, HPy_InPlaceMultiply)
BINARY(inplace_matrix_multiply, HPy_InPlaceMatrixMultiply)
BINARY(inplace_floor_divide, HPy_InPlaceFloorDivide)
BINARY(inplace_true_divide, HPy_InPlaceTrueDivide)
BINARY(inplace_remainder, HPy_InPlaceRemainder)
BINARY(inplace_lshift, HPy_InPlaceLshift)
BINARY(inplace_rshift, HPy_InPlaceRshift)
BINARY(inplace_and, HPy_InPlaceAnd)
BINARY(inplace_xor, HPy_InPlaceXor)
BINARY(inplace_or, HPy_InPlaceOr)

UNARY(negative, HPy_Negative)
UNARY(positive, HPy_Positive)
UNARY(absolute, HPy_Absolute)
UNARY(invert, HPy_Invert)
UNARY(index, HPy_Index)
UNARY(long_, HPy_Long)
UNARY(float_, HPy_Float)

/* power(a, b[, c]): a missing modulus is passed as HPy_NULL, which the
   backend takes as None. */
HPyDef_METH(an_power, "power", HPyFunc_VARARGS)
static HPy an_power_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2 && nargs != 3)
        return check_nargs(ctx, nargs, 3), HPy_NULL;
    return HPy_Power(ctx, args[0], args[1], nargs == 3 ? args[2] : HPy_NULL);
}

HPyDef_METH(an_inplace_power, "inplace_power", HPyFunc_VARARGS)
static HPy an_inplace_power_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2 && nargs != 3)
        return check_nargs(ctx, nargs, 3), HPy_NULL;
    return HPy_InPlacePower(ctx, args[0], args[1], nargs == 3 ? args[2] : ctx->h_None);
}

HPyDef_METH(an_number_check, "number_check", HPyFunc_O)
static HPy an_number_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromBool(ctx, HPyNumber_Check(ctx, arg) != 0);
}

HPyDef_METH(an_add_null, "add_null", HPyFunc_O, .doc = "HPy_Add(arg, HPy_NULL)")
static HPy an_add_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Add(ctx, arg, HPy_NULL);
}

HPyDef_METH(an_negative_null, "negative_null", HPyFunc_NOARGS)
static HPy an_negative_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Negative(ctx, HPy_NULL);
}

/* ------------------------------------------------------ C values to int */

HPyDef_METH(an_from_c, "from_c", HPyFunc_O,
            .doc = "from_c(i): the i-th boundary value made by a HPyLong_From* / HPyFloat_From* / HPyBool_From* function")
static HPy an_from_c_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long i = HPyLong_AsLong(ctx, arg);
    (void)self;
    if (i == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    switch (i) {
    case 0: return HPyLong_FromInt32_t(ctx, INT32_MIN);
    case 1: return HPyLong_FromInt32_t(ctx, INT32_MAX);
    case 2: return HPyLong_FromInt32_t(ctx, -1);
    case 3: return HPyLong_FromUInt32_t(ctx, 0);
    case 4: return HPyLong_FromUInt32_t(ctx, UINT32_MAX);
    case 5: return HPyLong_FromInt64_t(ctx, INT64_MIN);
    case 6: return HPyLong_FromInt64_t(ctx, INT64_MAX);
    case 7: return HPyLong_FromUInt64_t(ctx, UINT64_MAX);
    case 8: return HPyLong_FromSize_t(ctx, SIZE_MAX);
    case 9: return HPyLong_FromSize_t(ctx, 0);
    case 10: return HPyLong_FromSsize_t(ctx, (HPy_ssize_t)(SIZE_MAX >> 1));
    case 11: return HPyLong_FromSsize_t(ctx, -(HPy_ssize_t)(SIZE_MAX >> 1) - 1);
    case 12: return HPyFloat_FromDouble(ctx, 1.5);
    case 13: return HPyFloat_FromDouble(ctx, -0.0);
    case 14: return HPyBool_FromBool(ctx, true);
    case 15: return HPyBool_FromBool(ctx, false);
    case 16: return HPyLong_FromInt64_t(ctx, 0);
    case 17: return HPyLong_FromInt32_t(ctx, 256);
    }
    HPyErr_SetString(ctx, ctx->h_IndexError, "no such value");
    return HPy_NULL;
}

/* ------------------------------------------------------ int to C values */

/* Each as_X(h) converts with HPyLong_AsX and rebuilds an int from the C
   value, so the round trip (or the error) is visible from Python. */
#define AS(NAME, CTYPE, AS_FN, FROM_FN)                                       \
    HPyDef_METH(an_##NAME, #NAME, HPyFunc_O)                                       \
    static HPy an_##NAME##_impl(HPyContext *ctx, HPy self, HPy arg)                \
    {                                                                         \
        CTYPE v;                                                              \
        (void)self;                                                           \
        v = AS_FN(ctx, arg);                                                  \
        if (v == (CTYPE)-1 && HPyErr_Occurred(ctx))                           \
            return HPy_NULL;                                                  \
        return FROM_FN(ctx, v);                                               \
    }

AS(as_int32, int32_t, HPyLong_AsInt32_t, HPyLong_FromInt32_t)
AS(as_uint32, uint32_t, HPyLong_AsUInt32_t, HPyLong_FromUInt32_t)
AS(as_uint32_mask, uint32_t, HPyLong_AsUInt32_tMask, HPyLong_FromUInt32_t)
AS(as_int64, int64_t, HPyLong_AsInt64_t, HPyLong_FromInt64_t)
AS(as_uint64, uint64_t, HPyLong_AsUInt64_t, HPyLong_FromUInt64_t)
AS(as_uint64_mask, uint64_t, HPyLong_AsUInt64_tMask, HPyLong_FromUInt64_t)
AS(as_size_t, size_t, HPyLong_AsSize_t, HPyLong_FromSize_t)
AS(as_ssize_t, HPy_ssize_t, HPyLong_AsSsize_t, HPyLong_FromSsize_t)
AS(long_as_double, double, HPyLong_AsDouble, HPyFloat_FromDouble)
AS(float_as_double, double, HPyFloat_AsDouble, HPyFloat_FromDouble)

HPyDef_METH(an_as_void_ptr, "as_void_ptr", HPyFunc_O)
static HPy an_as_void_ptr_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *p;
    (void)self;
    p = HPyLong_AsVoidPtr(ctx, arg);
    if (p == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromSize_t(ctx, (size_t)p);
}

HPyDef_METH(an_raw_error_value, "raw_error_value", HPyFunc_VARARGS,
            .doc = "raw_error_value(i, h): the C value a failing conversion returns, error cleared")
static HPy an_raw_error_value_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long i;
    HPy h, r;
    (void)self;
    if (!check_nargs(ctx, nargs, 2))
        return HPy_NULL;
    i = HPyLong_AsLong(ctx, args[0]);
    h = args[1];
    switch (i) {
    case 0: r = HPyLong_FromInt32_t(ctx, HPyLong_AsInt32_t(ctx, h)); break;
    case 1: r = HPyLong_FromUInt32_t(ctx, HPyLong_AsUInt32_t(ctx, h)); break;
    case 2: r = HPyLong_FromInt64_t(ctx, HPyLong_AsInt64_t(ctx, h)); break;
    case 3: r = HPyLong_FromUInt64_t(ctx, HPyLong_AsUInt64_t(ctx, h)); break;
    case 4: r = HPyLong_FromSize_t(ctx, HPyLong_AsSize_t(ctx, h)); break;
    case 5: r = HPyLong_FromSsize_t(ctx, HPyLong_AsSsize_t(ctx, h)); break;
    case 6: r = HPyFloat_FromDouble(ctx, HPyLong_AsDouble(ctx, h)); break;
    case 7: r = HPyFloat_FromDouble(ctx, HPyFloat_AsDouble(ctx, h)); break;
    default:
        HPyErr_SetString(ctx, ctx->h_IndexError, "no such conversion");
        return HPy_NULL;
    }
    /* r was built while an error was pending; only the C value matters. */
    if (!HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, r);
        HPyErr_SetString(ctx, ctx->h_AssertionError, "conversion did not fail");
        return HPy_NULL;
    }
    HPyErr_Clear(ctx);
    return r;
}

HPyDef_METH(an_bool_from_bool, "bool_from_bool", HPyFunc_O)
static HPy an_bool_from_bool_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int t;
    (void)self;
    t = HPy_IsTrue(ctx, arg);
    if (t < 0)
        return HPy_NULL;
    return HPyBool_FromBool(ctx, t != 0);
}

static HPyDef *module_defines[] = {
    &an_add, &an_subtract, &an_multiply, &an_matrix_multiply, &an_floor_divide, &an_true_divide,
    &an_remainder, &an_divmod, &an_lshift, &an_rshift, &an_and_, &an_xor_, &an_or_,
    &an_inplace_add, &an_inplace_subtract, &an_inplace_multiply, &an_inplace_matrix_multiply,
    &an_inplace_floor_divide, &an_inplace_true_divide, &an_inplace_remainder,
    &an_inplace_lshift, &an_inplace_rshift, &an_inplace_and, &an_inplace_xor, &an_inplace_or,
    &an_negative, &an_positive, &an_absolute, &an_invert, &an_index, &an_long_, &an_float_,
    &an_power, &an_inplace_power, &an_number_check, &an_add_null, &an_negative_null,
    &an_from_c, &an_as_int32, &an_as_uint32, &an_as_uint32_mask, &an_as_int64, &an_as_uint64,
    &an_as_uint64_mask, &an_as_size_t, &an_as_ssize_t, &an_long_as_double, &an_float_as_double,
    &an_as_void_ptr, &an_raw_error_value, &an_bool_from_bool,
    NULL
};

static HPyModuleDef moduledef = {
    .doc = "Tests of Hilt's number protocol and int/float conversions.",
    .size = 0,
    .defines = module_defines,
};

HPy_MODINIT(api_numbers, moduledef)
