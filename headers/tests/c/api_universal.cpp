/*
 * api_universal.cpp -- the universal API from C++.
 *
 * Compiles all of api_universal.c as C++ (so every macro and wrapper is
 * checked by a C++ front end), then adds what C++ extensions typically do
 * on top: RAII over handles, templates, constexpr, nullptr, a namespace.
 */
#define API_TEST_MODNAME api_universal_cpp
#include "api_universal.c"

#include <cstddef>
#include <type_traits>

/* The ABI structs are plain C structs in C++ too. */
static_assert(std::is_standard_layout<HPy>::value, "HPy is a C struct");
static_assert(std::is_standard_layout<HPyDef>::value, "HPyDef is a C struct");
static_assert(sizeof(HPy) == sizeof(void *), "a handle is pointer-sized");
static_assert(offsetof(HPyDef, meth) == sizeof(void *),
              "the union follows the kind, pointer-aligned");
/* In C++ the shape constant has the enum's type, so it can initialize
   HPyType_Spec.builtin_shape directly. */
static_assert(PointObject_SHAPE == HPyType_BuiltinShape_Object, "default shape");
static_assert(SHAPE(TupleExt) == HPyType_BuiltinShape_Tuple, "given shape");

namespace api_cpp {

/* Owns one handle and closes it at scope exit. */
class Handle {
public:
    Handle(HPyContext *ctx, HPy h) : ctx_(ctx), h_(h) {}
    ~Handle() { if (!HPy_IsNull(h_)) HPy_Close(ctx_, h_); }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    HPy get() const { return h_; }
    explicit operator bool() const { return !HPy_IsNull(h_); }
    HPy release() { HPy h = h_; h_ = HPy_NULL; return h; }
private:
    HPyContext *ctx_;
    HPy h_;
};

/* Overloads picking the right width, as C++ wrappers tend to do. */
inline HPy from(HPyContext *ctx, long v) { return HPyLong_FromLong(ctx, v); }
inline HPy from(HPyContext *ctx, double v) { return HPyFloat_FromDouble(ctx, v); }
inline HPy from(HPyContext *ctx, bool v) { return HPyBool_FromBool(ctx, v); }

template <typename T>
HPy sum_pair(HPyContext *ctx, T a, T b)
{
    Handle ha(ctx, from(ctx, a));
    Handle hb(ctx, from(ctx, b));
    if (!ha || !hb)
        return HPy_NULL;
    return HPy_Add(ctx, ha.get(), hb.get());
}

constexpr int answer() { return 42; }

} // namespace api_cpp

HPyDef_METH(cpp_sum, "cpp_sum", HPyFunc_VARARGS, .doc = "sum from C++")
static HPy cpp_sum_impl(HPyContext *ctx, HPy self, const HPy *args,
                        size_t nargs)
{
    (void)self;
    if (nargs == 0)
        return api_cpp::sum_pair(ctx, 1.5, 2.5);
    api_cpp::Handle first(ctx, HPy_Dup(ctx, args[0]));
    api_cpp::Handle answer(ctx, api_cpp::from(ctx, long(api_cpp::answer())));
    HPy result = HPy_Multiply(ctx, first.get(), answer.get());
    return HPy_IsNull(result) ? api_cpp::sum_pair(ctx, 1L, 2L) : result;
}

/* HPyGlobal and HPyField constants in C++ expressions. */
HPyDef_METH(cpp_null_checks, "cpp_null_checks", HPyFunc_NOARGS)
static HPy cpp_null_checks_impl(HPyContext *ctx, HPy self)
{
    HPyField f = HPyField_NULL;
    HPy h = HPy_NULL;
    const char *nothing = nullptr;
    (void)self;
    bool all_null = HPyField_IsNull(f) && HPy_IsNull(h) && nothing == nullptr;
    return HPyBool_FromBool(ctx, all_null);
}

/* A second module definition is unused; the two methods are reachable
   through this array so the compiler sees them referenced. */
HPyDef *api_universal_cpp_extra_defines[] = { &cpp_sum, &cpp_null_checks,
                                               nullptr };
