/* -DHPY_ABI_CPYTHON: must fail with "Hilt builds universal or hybrid
   binaries only". */
#include "hpy.h"
