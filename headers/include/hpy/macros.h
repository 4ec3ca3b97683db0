/*
 * macros.h -- small macros over the handle types: null handles, handle
 * construction, rich comparison, HPy_New, leaving the interpreter.
 *
 * Needs the handle types (autogen_abi_types.h).  Macros that call API
 * functions (HPy_Dup, _HPy_New, ...) expand only in user code, after hpy.h
 * has declared those functions.
 */
#ifndef HILT_HPY_MACROS_H
#define HILT_HPY_MACROS_H

/*
 * _hconv & co. build a handle value from its integer payload.  C has compound
 * literals; C++ does not (g++ accepts them only as an extension and warns
 * under -pedantic), so C++ uses a braced functional cast.  MSVC in C++ mode
 * accepts neither in every context, hence the bare braced list there.
 */
#if defined(__cplusplus) && defined(_MSC_VER)
#  define _hconv(h)   {(intptr_t)(h)}
#  define _hfconv(h)  {(intptr_t)(h)}
#  define _htsconv(h) {(intptr_t)(h)}
#  define _hgconv(h)  {(intptr_t)(h)}
#elif defined(__cplusplus)
#  define _hconv(h)   (HPy{(intptr_t)(h)})
#  define _hfconv(h)  (HPyField{(intptr_t)(h)})
#  define _htsconv(h) (HPyThreadState{(intptr_t)(h)})
#  define _hgconv(h)  (HPyGlobal{(intptr_t)(h)})
#else
#  define _hconv(h)   ((HPy){(intptr_t)(h)})
#  define _hfconv(h)  ((HPyField){(intptr_t)(h)})
#  define _htsconv(h) ((HPyThreadState){(intptr_t)(h)})
#  define _hgconv(h)  ((HPyGlobal){(intptr_t)(h)})
#endif

/* In every ABI mode a handle whose payload is 0 means "no object". */
#define HPy_NULL _hconv(0)
#define HPy_IsNull(h) ((h)._i == 0)

#define HPyField_NULL _hfconv(0)
#define HPyField_IsNull(f) ((f)._i == 0)

/* Carry a handle through a void* slot (a C library's user-data pointer,
   say) and get it back unchanged. */
HPyAPI_FUNC HPy HPy_FromVoidP(void *p) { return _hconv((intptr_t)p); }
HPyAPI_FUNC void *HPy_AsVoidP(HPy h) { return (void *)h._i; }

/*
 * HPy_New(ctx, type, &ptr): the third argument is usually a pointer to a
 * typed struct pointer (PointObject **); the cast spares every caller a
 * conversion warning to void **.
 */
#define HPy_New(ctx, cls, data) (_HPy_New((ctx), (cls), (void **)(data)))

/*
 * Compare two C values with a rich-comparison operator and return True or
 * False from the enclosing function.  A macro because the operands may have
 * any comparable C type.
 */
#define HPy_RETURN_RICHCOMPARE(ctx, val1, val2, op)                          \
    do {                                                                     \
        int _hilt_holds = 0;                                                 \
        switch (op) {                                                        \
        case HPy_LT: _hilt_holds = (val1) <  (val2); break;                  \
        case HPy_LE: _hilt_holds = (val1) <= (val2); break;                  \
        case HPy_EQ: _hilt_holds = (val1) == (val2); break;                  \
        case HPy_NE: _hilt_holds = (val1) != (val2); break;                  \
        case HPy_GT: _hilt_holds = (val1) >  (val2); break;                  \
        case HPy_GE: _hilt_holds = (val1) >= (val2); break;                  \
        default:                                                             \
            HPy_FatalError((ctx),                                            \
                "HPy_RETURN_RICHCOMPARE: op is not an HPy_RichCmpOp");       \
        }                                                                    \
        return HPy_Dup((ctx), _hilt_holds ? (ctx)->h_True : (ctx)->h_False); \
    } while (0)

/* Return NotImplemented from a binary slot (Hilt addition, not in 0.9). */
#ifndef HPy_RETURN_NOTIMPLEMENTED
#  define HPy_RETURN_NOTIMPLEMENTED(ctx) \
       return HPy_Dup((ctx), (ctx)->h_NotImplemented)
#endif

/*
 * pid_t conversions.  pyconfig.h (hybrid mode) tells the size of pid_t; in
 * universal mode it is unknown and we take int, which holds on every
 * platform Hilt targets.
 */
#if !defined(SIZEOF_PID_T) || SIZEOF_PID_T == SIZEOF_INT
#  define _HPy_PARSE_PID "i"
#  define HPyLong_FromPid HPyLong_FromLong
#  define HPyLong_AsPid HPyLong_AsLong
#elif SIZEOF_PID_T == SIZEOF_LONG
#  define _HPy_PARSE_PID "l"
#  define HPyLong_FromPid HPyLong_FromLong
#  define HPyLong_AsPid HPyLong_AsLong
#elif defined(SIZEOF_LONG_LONG) && SIZEOF_PID_T == SIZEOF_LONG_LONG
#  define _HPy_PARSE_PID "L"
#  define HPyLong_FromPid HPyLong_FromLongLong
#  define HPyLong_AsPid HPyLong_AsLongLong
#else
#  error "Hilt: pid_t has a size that matches none of int, long, long long"
#endif

/*
 * Release the interpreter around a block of pure C code:
 *
 *     HPy_BEGIN_LEAVE_PYTHON(ctx)
 *         ... no HPy calls here ...
 *     HPy_END_LEAVE_PYTHON(ctx)
 *
 * The pair opens and closes one C block that holds the thread state token.
 */
#define HPy_BEGIN_LEAVE_PYTHON(context)                                      \
    {                                                                        \
        HPyThreadState _token = HPy_LeavePythonExecution(context);

#define HPy_END_LEAVE_PYTHON(context)                                        \
        HPy_ReenterPythonExecution((context), _token);                       \
    }

#endif /* HILT_HPY_MACROS_H */
