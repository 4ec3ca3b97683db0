/* Exports the four init symbols by hand with the version numbers given by
   -DREQ_MAJOR=... -DREQ_MINOR=..., and an init returning NULL when
   -DINIT_RETURNS_NULL is set. Module name: bad_version. */
#include "hpy.h"

static HPyModuleDef moduledef = {.doc = "bad version"};

HPy_EXPORTED_FUNC uint32_t get_required_hpy_major_version_bad_version(void) { return REQ_MAJOR; }
HPy_EXPORTED_FUNC uint32_t get_required_hpy_minor_version_bad_version(void) { return REQ_MINOR; }
HPy_EXPORTED_FUNC void HPyInitGlobalContext_bad_version(HPyContext *ctx) { (void)ctx; }
HPy_EXPORTED_FUNC HPyModuleDef *HPyInit_bad_version(void)
{
#ifdef INIT_RETURNS_NULL
    (void)moduledef;
    return NULL;
#else
    return &moduledef;
#endif
}
