/*
 * forbid_python_h/Python.h -- a decoy Python.h.
 *
 * Universal builds put this directory first on the include path, so an
 * extension that still includes <Python.h> stops here with an explanation
 * instead of silently depending on one CPython version's ABI.
 */
#ifndef HPY_ABI_UNIVERSAL
#  error "Hilt: build system error: hpy/forbid_python_h is on the include path, but HPY_ABI_UNIVERSAL is not defined. Only universal builds may use this directory."
#endif

#error "Hilt: Python.h is not available in the universal ABI. A universal extension talks to Python only through hpy.h; build with -DHPY_ABI_HYBRID (and without hpy/forbid_python_h on the include path) if it still needs the CPython C API."
