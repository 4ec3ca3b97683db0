/*
 * inline_helpers.h -- convenience functions built only from other API
 * functions.  They are compiled into the extension (static inline), so they
 * cost no context slot and behave the same on every backend.
 *
 * Included last by hpy.h: everything here calls the generated wrappers.
 */
#ifndef HILT_HPY_INLINE_HELPERS_H
#define HILT_HPY_INLINE_HELPERS_H

/* ---- Errors ----------------------------------------------------------- */

/* Raise h_type from the current errno; always returns HPy_NULL. */
HPyAPI_INLINE_HELPER HPy
HPyErr_SetFromErrno(HPyContext *ctx, HPy h_type)
{
    return HPyErr_SetFromErrnoWithFilenameObjects(ctx, h_type,
                                                  HPy_NULL, HPy_NULL);
}

/* As HPyErr_SetFromErrno, naming one file (may be HPy_NULL). */
HPyAPI_INLINE_HELPER HPy
HPyErr_SetFromErrnoWithFilenameObject(HPyContext *ctx, HPy h_type,
                                      HPy filename)
{
    return HPyErr_SetFromErrnoWithFilenameObjects(ctx, h_type,
                                                  filename, HPy_NULL);
}

/* ---- Tuples ------------------------------------------------------------ */

/*
 * HPyTuple_Pack(ctx, n, h1, ..., hn): a new tuple of the n handles given.
 * Small tuples are staged on the stack; C++ has no VLAs and alloca is not
 * portable, so larger ones go through malloc.
 */
HPyAPI_INLINE_HELPER HPy
HPyTuple_Pack(HPyContext *ctx, HPy_ssize_t n, ...)
{
    HPy on_stack[16];
    HPy *items = on_stack;
    HPy result;
    HPy_ssize_t i;
    va_list ap;

    if (n < 0) {
        return HPyErr_SetString(ctx, ctx->h_SystemError,
                                "HPyTuple_Pack: negative item count");
    }
    if ((size_t)n > sizeof(on_stack) / sizeof(on_stack[0])) {
        items = (HPy *)malloc((size_t)n * sizeof(HPy));
        if (items == NULL)
            return HPyErr_NoMemory(ctx);
    }
    va_start(ap, n);
    for (i = 0; i < n; i++)
        items[i] = va_arg(ap, HPy);
    va_end(ap);
    result = HPyTuple_FromArray(ctx, items, n);
    if (items != on_stack)
        free(items);
    return result;
}

/* ---- Attributes -------------------------------------------------------- */

/* `del obj.name`: setting an attribute to HPy_NULL deletes it. */
HPyAPI_INLINE_HELPER int
HPy_DelAttr(HPyContext *ctx, HPy obj, HPy name)
{
    return HPy_SetAttr(ctx, obj, name, HPy_NULL);
}

HPyAPI_INLINE_HELPER int
HPy_DelAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name)
{
    return HPy_SetAttr_s(ctx, obj, utf8_name, HPy_NULL);
}

/* ---- Integers of C's named widths ---------------------------------------
 *
 * The context only knows fixed-width integers; long is 32 or 64 bits
 * depending on the platform, so pick at preprocessing time.
 */

#if LONG_MAX == INT32_MAX
#  define _HILT_LONG_IS_32 1
#elif LONG_MAX == INT64_MAX
#  define _HILT_LONG_IS_32 0
#else
#  error "Hilt: unsupported size of long"
#endif

HPyAPI_INLINE_HELPER HPy
HPyLong_FromLong(HPyContext *ctx, long l)
{
#if _HILT_LONG_IS_32
    return HPyLong_FromInt32_t(ctx, (int32_t)l);
#else
    return HPyLong_FromInt64_t(ctx, (int64_t)l);
#endif
}

HPyAPI_INLINE_HELPER HPy
HPyLong_FromUnsignedLong(HPyContext *ctx, unsigned long l)
{
#if _HILT_LONG_IS_32
    return HPyLong_FromUInt32_t(ctx, (uint32_t)l);
#else
    return HPyLong_FromUInt64_t(ctx, (uint64_t)l);
#endif
}

/* long long is 64 bits wherever Hilt runs. */
HPyAPI_INLINE_HELPER HPy
HPyLong_FromLongLong(HPyContext *ctx, long long l)
{
    return HPyLong_FromInt64_t(ctx, (int64_t)l);
}

HPyAPI_INLINE_HELPER HPy
HPyLong_FromUnsignedLongLong(HPyContext *ctx, unsigned long long l)
{
    return HPyLong_FromUInt64_t(ctx, (uint64_t)l);
}

/* Errors return -1 (or its unsigned image); check HPyErr_Occurred. */
HPyAPI_INLINE_HELPER long
HPyLong_AsLong(HPyContext *ctx, HPy h)
{
#if _HILT_LONG_IS_32
    return (long)HPyLong_AsInt32_t(ctx, h);
#else
    return (long)HPyLong_AsInt64_t(ctx, h);
#endif
}

HPyAPI_INLINE_HELPER unsigned long
HPyLong_AsUnsignedLong(HPyContext *ctx, HPy h)
{
#if _HILT_LONG_IS_32
    return (unsigned long)HPyLong_AsUInt32_t(ctx, h);
#else
    return (unsigned long)HPyLong_AsUInt64_t(ctx, h);
#endif
}

/* Wraps modulo 2**N instead of raising OverflowError. */
HPyAPI_INLINE_HELPER unsigned long
HPyLong_AsUnsignedLongMask(HPyContext *ctx, HPy h)
{
#if _HILT_LONG_IS_32
    return (unsigned long)HPyLong_AsUInt32_tMask(ctx, h);
#else
    return (unsigned long)HPyLong_AsUInt64_tMask(ctx, h);
#endif
}

HPyAPI_INLINE_HELPER long long
HPyLong_AsLongLong(HPyContext *ctx, HPy h)
{
    return (long long)HPyLong_AsInt64_t(ctx, h);
}

HPyAPI_INLINE_HELPER unsigned long long
HPyLong_AsUnsignedLongLong(HPyContext *ctx, HPy h)
{
    return (unsigned long long)HPyLong_AsUInt64_t(ctx, h);
}

HPyAPI_INLINE_HELPER unsigned long long
HPyLong_AsUnsignedLongLongMask(HPyContext *ctx, HPy h)
{
    return (unsigned long long)HPyLong_AsUInt64_tMask(ctx, h);
}

HPyAPI_INLINE_HELPER HPy
HPyBool_FromLong(HPyContext *ctx, long v)
{
    return HPyBool_FromBool(ctx, v != 0);
}

/* ---- Slices ------------------------------------------------------------ */

/* Bring one slice bound into [0, length] (or [-1, length-1] when stepping
   backwards); negative bounds count from the end. */
HPyAPI_INLINE_HELPER HPy_ssize_t
_HPySlice_ClipBound(HPy_ssize_t bound, HPy_ssize_t length, HPy_ssize_t step)
{
    if (bound < 0) {
        bound += length;
        if (bound < 0)
            bound = (step < 0) ? -1 : 0;
    } else if (bound >= length) {
        bound = (step < 0) ? length - 1 : length;
    }
    return bound;
}

/*
 * Clip *start and *stop (as produced by HPySlice_Unpack) to a sequence of
 * `length` items and return the number of items the slice selects.  Never
 * fails and never calls into Python; step must not be 0.
 */
HPyAPI_INLINE_HELPER HPy_ssize_t
HPySlice_AdjustIndices(HPyContext *_HPy_UNUSED_ARG(ctx), HPy_ssize_t length,
                       HPy_ssize_t *start, HPy_ssize_t *stop, HPy_ssize_t step)
{
    assert(step != 0);
    *start = _HPySlice_ClipBound(*start, length, step);
    *stop = _HPySlice_ClipBound(*stop, length, step);
    if (step > 0)
        return (*start < *stop) ? (*stop - *start - 1) / step + 1 : 0;
    return (*stop < *start) ? (*start - *stop - 1) / -step + 1 : 0;
}

/* ---- Calling methods --------------------------------------------------- */

/* receiver.<utf8_name>(*args, **kw); kw may be HPy_NULL. */
HPyAPI_INLINE_HELPER HPy
HPy_CallMethodTupleDict_s(HPyContext *ctx, const char *utf8_name,
                          HPy receiver, HPy args, HPy kw)
{
    HPy result;
    HPy method = HPy_GetAttr_s(ctx, receiver, utf8_name);
    if (HPy_IsNull(method))
        return HPy_NULL;
    result = HPy_CallTupleDict(ctx, method, args, kw);
    HPy_Close(ctx, method);
    return result;
}

/* receiver.<name>(*args, **kw) with the name given as a str handle. */
HPyAPI_INLINE_HELPER HPy
HPy_CallMethodTupleDict(HPyContext *ctx, HPy name, HPy receiver, HPy args,
                        HPy kw)
{
    HPy result;
    HPy method = HPy_GetAttr(ctx, receiver, name);
    if (HPy_IsNull(method))
        return HPy_NULL;
    result = HPy_CallTupleDict(ctx, method, args, kw);
    HPy_Close(ctx, method);
    return result;
}

#endif /* HILT_HPY_INLINE_HELPERS_H */
