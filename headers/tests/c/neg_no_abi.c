/* No HPY_ABI_* macro: must fail with "no target ABI selected". */
#include "hpy.h"
