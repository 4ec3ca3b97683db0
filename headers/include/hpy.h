/*
 * hpy.h -- entry point of Hilt's C API, source compatible with HPy 0.9.
 *
 * An extension includes only this file.  It picks the target ABI from a
 * macro given on the command line, pulls in the types (partly generated from
 * abi/api.table), the definition macros (HPyDef_*, HPy_MODINIT), the helper
 * runtime's declarations and the generated static inline wrappers that call
 * through the HPyContext.
 */
#ifndef HPy_H
#define HPy_H

/* ---- 1. Which ABI are we building for? -------------------------------- */

/*
 * HPy knows three targets.  Hilt produces binaries that load in any backend,
 * so only the two that go through the HPyContext are accepted.
 */
#if defined(HPY_ABI_CPYTHON)
#  error "Hilt builds universal or hybrid binaries only: HPY_ABI_CPYTHON is not supported. Compile with -DHPY_ABI_UNIVERSAL (or -DHPY_ABI_HYBRID if the code still calls the CPython C API)."
#elif defined(HPY_ABI_UNIVERSAL) && defined(HPY_ABI_HYBRID)
#  error "Hilt: both HPY_ABI_UNIVERSAL and HPY_ABI_HYBRID are defined; choose exactly one."
#elif defined(HPY_ABI_UNIVERSAL)
#  define HPY_ABI "universal"
#  define _HILT_ABI_OK 1
#elif defined(HPY_ABI_HYBRID)
#  define HPY_ABI "hybrid"
#  define _HILT_ABI_OK 1
#else
#  error "Hilt: no target ABI selected. Define one of HPY_ABI_UNIVERSAL (recommended), HPY_ABI_HYBRID (universal plus legacy CPython calls) or HPY_ABI_CPYTHON (HPy's CPython-only mode, which Hilt does not support)."
#endif

#if defined(HPY_ABI_UNIVERSAL) && defined(Py_PYTHON_H)
   /* Catching it here gives a clearer message than the type clashes that
      would follow. */
#  error "Hilt: Python.h is not available in the universal ABI, but it was included before hpy.h. Remove that include, or build with -DHPY_ABI_HYBRID if the extension still needs the CPython C API."
#  undef _HILT_ABI_OK
#endif

/* After one of the errors above, skip the rest: the first message is the
   useful one, not the cascade of type errors that would follow. */
#if defined(_HILT_ABI_OK)

#if defined(HPY_ABI_HYBRID)
   /* Hybrid extensions may mix in CPython calls; Python.h must come first so
      that its feature macros win over the system headers' defaults. */
#  ifndef PY_SSIZE_T_CLEAN
#    define PY_SSIZE_T_CLEAN
#  endif
#  include <Python.h>
#endif

/* ---- 2. Standard headers (outside extern "C": some are C++-aware) ----- */

#include <stdint.h>
#include <stddef.h>    /* size_t, wchar_t, and offsetof for HPyDef_MEMBER */
#include <stdlib.h>    /* abort(), malloc() used by inline helpers */
#include <stdarg.h>    /* va_list in HPyUnicode_FromFormatV and friends */
#include <limits.h>    /* LONG_MAX picks the width behind HPyLong_FromLong */
#include <string.h>
#include <assert.h>
#ifndef __cplusplus
#  include <stdbool.h> /* HPyBool_FromBool takes a bool */
#endif

/*
 * HPy's C API is built around C99 designated initializers that leave the
 * remaining fields zero (`HPyModuleDef m = { .defines = d };`), and so are
 * the HPyDef_* macros.  g++ before 14 reports every such initializer under
 * -Wextra (-Wmissing-field-initializers), which would stop unmodified HPy
 * extensions from building as C++ with -Werror.  Define
 * HILT_KEEP_FIELD_INITIALIZER_WARNINGS to keep the warning.
 */
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(HILT_KEEP_FIELD_INITIALIZER_WARNINGS)
#  pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- 3. Attribute macros ---------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#  define _HPy_HIDDEN __attribute__((visibility("hidden")))
#  define _HPy_UNUSED __attribute__((unused))
#  define _HPy_NO_RETURN __attribute__((__noreturn__))
#elif defined(_MSC_VER)
#  define _HPy_HIDDEN
#  define _HPy_UNUSED
#  define _HPy_NO_RETURN __declspec(noreturn)
#else
#  define _HPy_HIDDEN
#  define _HPy_UNUSED
#  define _HPy_NO_RETURN
#endif

/* Marks a parameter that a helper deliberately ignores. */
#define _HPy_UNUSED_ARG(x) _hilt_unused_arg_##x _HPy_UNUSED

#ifdef __has_attribute
#  define _HILT_HAS_ATTRIBUTE(x) __has_attribute(x)
#else
#  define _HILT_HAS_ATTRIBUTE(x) 0
#endif

/*
 * _HPY_LEGACY tags the legacy bridge (HPy_AsPyObject, HPy_FromPyObject); in
 * universal mode a call must not compile.  The "error" attribute fires only
 * for calls that are really emitted, and an inlined static function emits
 * none above -O0, so in universal mode the generated header declares these
 * two functions without a body: every call then stays a call and is
 * rejected (by the linker, on compilers without the attribute).
 */
#define _HILT_LEGACY_MESSAGE                                                 \
    "Hilt: HPy_AsPyObject and HPy_FromPyObject are legacy functions, "      \
    "available only with -DHPY_ABI_HYBRID, not in the universal ABI"
#if defined(HPY_ABI_UNIVERSAL) && _HILT_HAS_ATTRIBUTE(error)
#  define _HPY_LEGACY __attribute__((error(_HILT_LEGACY_MESSAGE)))
#else
#  define _HPY_LEGACY
#endif

/* A public API function: a thin static inline wrapper around the context. */
#define HPyAPI_FUNC _HPy_UNUSED static inline
/* A convenience function written in terms of other API functions. */
#define HPyAPI_INLINE_HELPER HPyAPI_FUNC
/* Implementation-side functions (used by runtimes, not by extensions). */
#define HPyAPI_IMPL _HPy_HIDDEN
/* Helpers compiled into every extension (argument parsing, BuildValue...):
   hidden, so that two extensions never resolve to each other's copy. */
#define HPyAPI_HELPER _HPy_HIDDEN

/* ---- 4. Types --------------------------------------------------------- */

#include "hpy/version.h"
#include "hpy/cpy_types.h"
#include "hpy/autogen_abi_types.h"      /* generated from abi/api.table */

/* ---- 5. Definition macros --------------------------------------------- */

#include "hpy/hpyexports.h"
#include "hpy/macros.h"
#include "hpy/hpyfunc.h"
#include "hpy/hpydef.h"
#include "hpy/hpytype.h"
#include "hpy/hpymodule.h"

/* ---- 6. Helper runtime compiled into each extension ------------------- */

#include "hpy/runtime/argparse.h"
#include "hpy/runtime/buildvalue.h"
#include "hpy/runtime/format.h"
#include "hpy/runtime/helpers.h"
#include "hpy/runtime/structseq.h"

/* ---- 7. The context and its wrappers ---------------------------------- */

#include "hpy/autogen_ctx.h"             /* generated */
#include "hpy/autogen_ctx_inline.h"      /* generated */
#include "hpy/inline_ctx_extras.h"       /* hand-written context wrappers */
#include "hpy/inline_helpers.h"

#ifdef __cplusplus
}
#endif

#endif /* _HILT_ABI_OK */
#endif /* HPy_H */
