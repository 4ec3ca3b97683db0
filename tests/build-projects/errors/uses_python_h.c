/* Still includes Python.h: a universal build must stop with a clear message. */
#include <Python.h>
#include "hpy.h"

static HPyModuleDef moddef = { .doc = "never built" };
HPy_MODINIT(uses_python_h, moddef)
