/* hnumeric: a small NumPy-like array of float64, one or two dimensions,
   written against Hilt's API: construction from (nested) sequences, shape,
   indexing and slicing, elementwise + - * / with scalars and arrays, sum,
   dot, fill, tolist, and the buffer protocol (memoryview(a) sees the
   doubles, C-contiguous, format "d"). One .hpy0.so for every backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define HILT_TARGET_ABI_MINOR 1
#include "hpy.h"

typedef struct {
    double *data;           /* rows * cols doubles, row-major; owned */
    HPy_ssize_t rows, cols; /* a 1-D array of n items: rows = n, cols = 1 */
    int ndim;
    HPy_ssize_t shape[2], strides[2]; /* for buffer views */
} ArrayObject;

HPyType_HELPERS(ArrayObject)

static HPyGlobal ArrayType;

static HPy_ssize_t size_of(const ArrayObject *a)
{
    return a->rows * a->cols;
}

/* A new, zeroed array of the given shape (cols ignored when ndim is 1). */
static HPy new_array(HPyContext *ctx, int ndim, HPy_ssize_t rows, HPy_ssize_t cols, ArrayObject **out)
{
    HPy type = HPyGlobal_Load(ctx, ArrayType), h;
    ArrayObject *a;
    if (HPy_IsNull(type))
        return HPy_NULL;
    h = HPy_New(ctx, type, &a);
    HPy_Close(ctx, type);
    if (HPy_IsNull(h))
        return HPy_NULL;
    a->ndim = ndim;
    a->rows = rows;
    a->cols = ndim == 1 ? 1 : cols;
    a->data = calloc((size_t)(rows * a->cols) + 1, sizeof(double));
    if (a->data == NULL) {
        HPy_Close(ctx, h);
        return HPyErr_NoMemory(ctx);
    }
    *out = a;
    return h;
}

HPyDef_SLOT(Array_destroy, HPy_tp_destroy)
static void Array_destroy_impl(void *obj)
{
    free(((ArrayObject *)obj)->data);
}

/* ---- construction ---------------------------------------------------------- */

static int as_double(HPyContext *ctx, HPy h, double *out)
{
    *out = HPyFloat_AsDouble(ctx, h);
    return (*out == -1.0 && HPyErr_Occurred(ctx)) ? -1 : 0;
}

/* Fill `dst` with the `n` numbers of sequence `seq`. */
static int fill_row(HPyContext *ctx, HPy seq, double *dst, HPy_ssize_t n)
{
    HPy_ssize_t i;
    for (i = 0; i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, seq, i);
        int rc;
        if (HPy_IsNull(item))
            return -1;
        rc = as_double(ctx, item, &dst[i]);
        HPy_Close(ctx, item);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int is_sequence(HPyContext *ctx, HPy h)
{
    return HPyList_Check(ctx, h) || HPyTuple_Check(ctx, h);
}

HPyDef_SLOT(Array_new, HPy_tp_new)
static HPy Array_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    HPy seq, first, h;
    HPy_ssize_t rows, cols = 0, r;
    ArrayObject *a;
    (void)cls;
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "O:array", &seq))
        return HPy_NULL;
    if (!HPy_IsNull(kw) && HPy_Length(ctx, kw) > 0) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "array() takes no keyword arguments");
        return HPy_NULL;
    }
    if (!is_sequence(ctx, seq)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "array() expects a list or tuple of numbers, or of equal-length rows");
        return HPy_NULL;
    }
    rows = HPy_Length(ctx, seq);
    if (rows < 0)
        return HPy_NULL;
    first = rows ? HPy_GetItem_i(ctx, seq, 0) : HPy_NULL;
    if (rows && HPy_IsNull(first))
        return HPy_NULL;
    if (!HPy_IsNull(first) && is_sequence(ctx, first)) {
        cols = HPy_Length(ctx, first);
        HPy_Close(ctx, first);
        if (cols < 0 || HPy_IsNull(h = new_array(ctx, 2, rows, cols, &a)))
            return HPy_NULL;
        for (r = 0; r < rows; r++) {
            HPy row = HPy_GetItem_i(ctx, seq, r);
            int bad = HPy_IsNull(row);
            if (!bad && (!is_sequence(ctx, row) || HPy_Length(ctx, row) != cols)) {
                HPyErr_Format(ctx, ctx->h_ValueError, "array() rows must all have %zd items (row %zd differs)", cols, r);
                bad = 1;
            }
            bad = bad || fill_row(ctx, row, a->data + r * cols, cols) < 0;
            if (!HPy_IsNull(row))
                HPy_Close(ctx, row);
            if (bad) {
                HPy_Close(ctx, h);
                return HPy_NULL;
            }
        }
        return h;
    }
    if (!HPy_IsNull(first))
        HPy_Close(ctx, first);
    h = new_array(ctx, 1, rows, 1, &a);
    if (!HPy_IsNull(h) && fill_row(ctx, seq, a->data, rows) < 0) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    return h;
}

/* zeros(n) or zeros((rows, cols)) */
HPyDef_METH(zeros, "zeros", HPyFunc_O, .doc = "zeros(n) or zeros((rows, cols)): an array of zeros.")
static HPy zeros_impl(HPyContext *ctx, HPy self, HPy shape)
{
    ArrayObject *a;
    HPy_ssize_t r, c = 1;
    int ndim = 1;
    (void)self;
    if (HPyTuple_Check(ctx, shape)) {
        HPy h0, h1;
        if (HPy_Length(ctx, shape) != 2) {
            HPyErr_SetString(ctx, ctx->h_ValueError, "zeros() takes n or (rows, cols)");
            return HPy_NULL;
        }
        h0 = HPy_GetItem_i(ctx, shape, 0);
        h1 = HPy_GetItem_i(ctx, shape, 1);
        r = HPyLong_AsSsize_t(ctx, h0);
        c = HPyLong_AsSsize_t(ctx, h1);
        HPy_Close(ctx, h0);
        HPy_Close(ctx, h1);
        ndim = 2;
    } else {
        r = HPyLong_AsSsize_t(ctx, shape);
    }
    if ((r == -1 || c == -1) && HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (r < 0 || c < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "negative dimensions are not allowed");
        return HPy_NULL;
    }
    return new_array(ctx, ndim, r, c, &a);
}

/* ---- attributes and conversions -------------------------------------------- */

HPyDef_GET(Array_shape, "shape", .doc = "The dimensions, as a tuple.")
static HPy Array_shape_get(HPyContext *ctx, HPy self, void *closure)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self);
    (void)closure;
    if (a->ndim == 1)
        return HPy_BuildValue(ctx, "(n)", a->rows);
    return HPy_BuildValue(ctx, "(nn)", a->rows, a->cols);
}

HPyDef_GET(Array_ndim, "ndim", .doc = "The number of dimensions (1 or 2).")
static HPy Array_ndim_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromLong(ctx, ArrayObject_AsStruct(ctx, self)->ndim);
}

HPyDef_GET(Array_size, "size", .doc = "The number of elements.")
static HPy Array_size_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromSsize_t(ctx, size_of(ArrayObject_AsStruct(ctx, self)));
}

static HPy list_of(HPyContext *ctx, const double *p, HPy_ssize_t n)
{
    HPyListBuilder b = HPyListBuilder_New(ctx, n);
    HPy_ssize_t i;
    for (i = 0; i < n; i++) {
        HPy f = HPyFloat_FromDouble(ctx, p[i]);
        if (HPy_IsNull(f)) {
            HPyListBuilder_Cancel(ctx, b);
            return HPy_NULL;
        }
        HPyListBuilder_Set(ctx, b, i, f);
        HPy_Close(ctx, f);
    }
    return HPyListBuilder_Build(ctx, b);
}

HPyDef_METH(Array_tolist, "tolist", HPyFunc_NOARGS, .doc = "The elements as a list (of row lists for 2-D).")
static HPy Array_tolist_impl(HPyContext *ctx, HPy self)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self);
    HPyListBuilder b;
    HPy_ssize_t r;
    if (a->ndim == 1)
        return list_of(ctx, a->data, a->rows);
    b = HPyListBuilder_New(ctx, a->rows);
    for (r = 0; r < a->rows; r++) {
        HPy row = list_of(ctx, a->data + r * a->cols, a->cols);
        if (HPy_IsNull(row)) {
            HPyListBuilder_Cancel(ctx, b);
            return HPy_NULL;
        }
        HPyListBuilder_Set(ctx, b, r, row);
        HPy_Close(ctx, row);
    }
    return HPyListBuilder_Build(ctx, b);
}

HPyDef_SLOT(Array_repr, HPy_tp_repr)
static HPy Array_repr_impl(HPyContext *ctx, HPy self)
{
    HPy list = Array_tolist_impl(ctx, self), text, r;
    const char *s;
    if (HPy_IsNull(list))
        return HPy_NULL;
    text = HPy_Repr(ctx, list);
    HPy_Close(ctx, list);
    if (HPy_IsNull(text))
        return HPy_NULL;
    s = HPyUnicode_AsUTF8AndSize(ctx, text, NULL);
    r = s ? HPyUnicode_FromFormat(ctx, "array(%s)", s) : HPy_NULL;
    HPy_Close(ctx, text);
    return r;
}

HPyDef_SLOT(Array_len, HPy_sq_length)
static HPy_ssize_t Array_len_impl(HPyContext *ctx, HPy self)
{
    return ArrayObject_AsStruct(ctx, self)->rows;
}

/* ---- indexing ---------------------------------------------------------------- */

static int index_in(HPyContext *ctx, HPy key, HPy_ssize_t n, HPy_ssize_t *out)
{
    HPy_ssize_t i = HPyLong_AsSsize_t(ctx, key);
    if (i == -1 && HPyErr_Occurred(ctx))
        return -1;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n) {
        HPyErr_SetString(ctx, ctx->h_IndexError, "array index out of range");
        return -1;
    }
    *out = i;
    return 0;
}

/* The element for a 2-D (row, col) key: its offset, or -1. */
static HPy_ssize_t pair_offset(HPyContext *ctx, ArrayObject *a, HPy key)
{
    HPy h0, h1;
    HPy_ssize_t r, c;
    int bad;
    if (a->ndim != 2 || HPy_Length(ctx, key) != 2) {
        HPyErr_SetString(ctx, ctx->h_IndexError, "too many indices for the array");
        return -1;
    }
    h0 = HPy_GetItem_i(ctx, key, 0);
    h1 = HPy_GetItem_i(ctx, key, 1);
    bad = HPy_IsNull(h0) || HPy_IsNull(h1) || index_in(ctx, h0, a->rows, &r) < 0 || index_in(ctx, h1, a->cols, &c) < 0;
    if (!HPy_IsNull(h0)) HPy_Close(ctx, h0);
    if (!HPy_IsNull(h1)) HPy_Close(ctx, h1);
    return bad ? -1 : r * a->cols + c;
}

HPyDef_SLOT(Array_getitem, HPy_mp_subscript)
static HPy Array_getitem_impl(HPyContext *ctx, HPy self, HPy key)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self), *b;
    HPy_ssize_t i;
    if (HPyTuple_Check(ctx, key)) {
        HPy_ssize_t off = pair_offset(ctx, a, key);
        return off < 0 ? HPy_NULL : HPyFloat_FromDouble(ctx, a->data[off]);
    }
    if (HPy_TypeCheck(ctx, key, ctx->h_SliceType)) {
        HPy_ssize_t start, stop, step, n, k;
        HPy h;
        if (HPySlice_Unpack(ctx, key, &start, &stop, &step) < 0)
            return HPy_NULL;
        n = HPySlice_AdjustIndices(ctx, a->rows, &start, &stop, step);
        h = new_array(ctx, a->ndim, n, a->cols, &b);
        if (HPy_IsNull(h))
            return HPy_NULL;
        for (k = 0; k < n; k++)
            memcpy(b->data + k * a->cols, a->data + (start + k * step) * a->cols, (size_t)a->cols * sizeof(double));
        return h;
    }
    if (index_in(ctx, key, a->rows, &i) < 0)
        return HPy_NULL;
    if (a->ndim == 1)
        return HPyFloat_FromDouble(ctx, a->data[i]);
    {
        HPy row = new_array(ctx, 1, a->cols, 1, &b);
        if (!HPy_IsNull(row))
            memcpy(b->data, a->data + i * a->cols, (size_t)a->cols * sizeof(double));
        return row;
    }
}

HPyDef_SLOT(Array_setitem, HPy_mp_ass_subscript)
static int Array_setitem_impl(HPyContext *ctx, HPy self, HPy key, HPy value)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self);
    HPy_ssize_t off;
    double v;
    if (HPy_IsNull(value)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "array elements cannot be deleted");
        return -1;
    }
    if (HPyTuple_Check(ctx, key)) {
        off = pair_offset(ctx, a, key);
    } else {
        if (a->ndim != 1) {
            HPyErr_SetString(ctx, ctx->h_IndexError, "a 2-D array is assigned one element at a time: a[row, col] = v");
            return -1;
        }
        off = index_in(ctx, key, a->rows, &off) < 0 ? -1 : off;
    }
    if (off < 0 || as_double(ctx, value, &v) < 0)
        return -1;
    a->data[off] = v;
    return 0;
}

/* ---- arithmetic --------------------------------------------------------------- */

enum op { ADD, SUB, MUL, DIV };

static int is_array(HPyContext *ctx, HPy h)
{
    HPy type = HPyGlobal_Load(ctx, ArrayType);
    int r = !HPy_IsNull(type) && HPy_TypeCheck(ctx, h, type);
    if (!HPy_IsNull(type))
        HPy_Close(ctx, type);
    return r;
}

static int apply(HPyContext *ctx, enum op op, double x, double y, double *out)
{
    switch (op) {
    case ADD: *out = x + y; return 0;
    case SUB: *out = x - y; return 0;
    case MUL: *out = x * y; return 0;
    case DIV:
        if (y == 0.0) {
            HPyErr_SetString(ctx, ctx->h_ZeroDivisionError, "float division by zero");
            return -1;
        }
        *out = x / y;
        return 0;
    }
    return 0;
}

/* x op y where one or both are arrays (the other a number): a new array. */
static HPy binary(HPyContext *ctx, HPy x, HPy y, enum op op)
{
    int xa = is_array(ctx, x), ya = is_array(ctx, y);
    ArrayObject *a = xa ? ArrayObject_AsStruct(ctx, x) : NULL, *b = ya ? ArrayObject_AsStruct(ctx, y) : NULL, *r;
    ArrayObject *shape = a ? a : b;
    double sx = 0, sy = 0;
    HPy_ssize_t i, n;
    HPy h;
    if ((!xa && (!HPyNumber_Check(ctx, x) || as_double(ctx, x, &sx) < 0)) ||
        (!ya && (!HPyNumber_Check(ctx, y) || as_double(ctx, y, &sy) < 0))) {
        if (HPyErr_Occurred(ctx))
            HPyErr_Clear(ctx);
        return HPy_Dup(ctx, ctx->h_NotImplemented);
    }
    if (xa && ya && (a->ndim != b->ndim || a->rows != b->rows || a->cols != b->cols)) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "operands could not be combined: their shapes differ");
        return HPy_NULL;
    }
    h = new_array(ctx, shape->ndim, shape->rows, shape->cols, &r);
    if (HPy_IsNull(h))
        return HPy_NULL;
    n = size_of(shape);
    for (i = 0; i < n; i++)
        if (apply(ctx, op, xa ? a->data[i] : sx, ya ? b->data[i] : sy, &r->data[i]) < 0) {
            HPy_Close(ctx, h);
            return HPy_NULL;
        }
    return h;
}

#define BINARY_SLOT(NAME, SLOT, OP)                                        \
    HPyDef_SLOT(NAME, SLOT)                                                \
    static HPy NAME##_impl(HPyContext *ctx, HPy x, HPy y) { return binary(ctx, x, y, OP); }

BINARY_SLOT(Array_add, HPy_nb_add, ADD)
BINARY_SLOT(Array_sub, HPy_nb_subtract, SUB)
BINARY_SLOT(Array_mul, HPy_nb_multiply, MUL)
BINARY_SLOT(Array_div, HPy_nb_true_divide, DIV)

HPyDef_METH(Array_sum, "sum", HPyFunc_NOARGS, .doc = "The sum of the elements (left to right).")
static HPy Array_sum_impl(HPyContext *ctx, HPy self)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self);
    double s = 0.0;
    HPy_ssize_t i, n = size_of(a);
    for (i = 0; i < n; i++)
        s += a->data[i];
    return HPyFloat_FromDouble(ctx, s);
}

HPyDef_METH(Array_fill, "fill", HPyFunc_O, .doc = "fill(v): set every element to v.")
static HPy Array_fill_impl(HPyContext *ctx, HPy self, HPy value)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self);
    HPy_ssize_t i, n = size_of(a);
    double v;
    if (as_double(ctx, value, &v) < 0)
        return HPy_NULL;
    for (i = 0; i < n; i++)
        a->data[i] = v;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(Array_dot, "dot", HPyFunc_O,
            .doc = "dot(other): 1-D.1-D -> float, 2-D.1-D -> 1-D, 2-D.2-D -> 2-D (sums left to right).")
static HPy Array_dot_impl(HPyContext *ctx, HPy self, HPy other)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self), *b, *r;
    HPy_ssize_t inner_a, i, j, k;
    HPy h;
    if (!is_array(ctx, other)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "dot() expects an array");
        return HPy_NULL;
    }
    b = ArrayObject_AsStruct(ctx, other);
    inner_a = a->ndim == 1 ? a->rows : a->cols;
    if (inner_a != b->rows) {
        HPyErr_Format(ctx, ctx->h_ValueError, "shapes not aligned: %zd (dim %d) != %zd (dim 0)", inner_a, a->ndim - 1, b->rows);
        return HPy_NULL;
    }
    if (a->ndim == 1 && b->ndim == 1) {
        double s = 0.0;
        for (i = 0; i < a->rows; i++)
            s += a->data[i] * b->data[i];
        return HPyFloat_FromDouble(ctx, s);
    }
    if (a->ndim == 1) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "dot() of a 1-D array with a 2-D array is not supported");
        return HPy_NULL;
    }
    h = new_array(ctx, b->ndim, a->rows, b->cols, &r);
    if (HPy_IsNull(h))
        return HPy_NULL;
    for (i = 0; i < a->rows; i++)
        for (j = 0; j < b->cols; j++) {
            double s = 0.0;
            for (k = 0; k < inner_a; k++)
                s += a->data[i * a->cols + k] * b->data[k * b->cols + j];
            r->data[i * r->cols + j] = s;
        }
    return h;
}

/* ---- the buffer protocol ------------------------------------------------------- */

HPyDef_SLOT(Array_getbuffer, HPy_bf_getbuffer)
static int Array_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view, int flags)
{
    ArrayObject *a = ArrayObject_AsStruct(ctx, self);
    (void)flags;
    a->shape[0] = a->rows;
    a->shape[1] = a->cols;
    a->strides[0] = a->ndim == 1 ? (HPy_ssize_t)sizeof(double) : a->cols * (HPy_ssize_t)sizeof(double);
    a->strides[1] = sizeof(double);
    view->buf = a->data;
    view->obj = HPy_Dup(ctx, self);
    view->len = size_of(a) * (HPy_ssize_t)sizeof(double);
    view->itemsize = sizeof(double);
    view->readonly = 0;
    view->ndim = a->ndim;
    view->format = "d";
    view->shape = a->shape;
    view->strides = a->strides;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

static HPyDef *Array_defines[] = {
    &Array_new, &Array_destroy, &Array_repr, &Array_len, &Array_getitem, &Array_setitem,
    &Array_add, &Array_sub, &Array_mul, &Array_div, &Array_getbuffer,
    &Array_shape, &Array_ndim, &Array_size, &Array_tolist, &Array_sum, &Array_fill, &Array_dot, NULL,
};

static HPyType_Spec Array_spec = {
    .name = "hnumeric.array",
    .doc = "array(seq): a 1-D or 2-D array of float64.",
    .basicsize = sizeof(ArrayObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Array_defines,
};

HPyDef_SLOT(hnumeric_exec, HPy_mod_exec)
static int hnumeric_exec_impl(HPyContext *ctx, HPy module)
{
    HPy t = HPyType_FromSpec(ctx, &Array_spec, NULL);
    int rc;
    if (HPy_IsNull(t))
        return -1;
    HPyGlobal_Store(ctx, &ArrayType, t);
    rc = HPy_SetAttr_s(ctx, module, "array", t);
    HPy_Close(ctx, t);
    return rc;
}

static HPyDef *defines[] = {&zeros, &hnumeric_exec, NULL};
static HPyGlobal *globals[] = {&ArrayType, NULL};
static HPyModuleDef moduledef = {
    .doc = "A small NumPy-like float64 array (1-D and 2-D) on Hilt.",
    .defines = defines,
    .globals = globals,
};

HPy_MODINIT(hnumeric, moduledef)
