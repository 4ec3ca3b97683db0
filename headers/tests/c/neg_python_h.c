/* Universal build that includes Python.h: must fail with Hilt's message
   ("Python.h is not available in the universal ABI"), whether or not
   hpy/forbid_python_h is on the include path. */
#include <Python.h>
#include "hpy.h"
