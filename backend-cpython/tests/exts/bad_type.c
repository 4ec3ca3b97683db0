/* mod_exec creates a type from a spec that is wrong in the way selected by
   -DBAD_SLOT (an unknown slot number) or -DBAD_SHAPE (an unknown shape). */
#include "hpy.h"

typedef struct { long x; } BadObject;

static HPyDef bogus_slot = {
    .kind = HPyDef_Kind_Slot,
    .slot = {.slot = (HPySlot_Slot)777, .impl = NULL, .cpy_trampoline = NULL},
};

#ifdef BAD_SLOT
static HPyDef *bad_defines[] = {&bogus_slot, NULL};
#else
static HPyDef *bad_defines[] = {NULL};
#endif

static HPyType_Spec bad_spec = {
    .name = "bad_type.Bad",
    .basicsize = sizeof(BadObject),
#ifdef BAD_SHAPE
    .builtin_shape = (HPyType_BuiltinShape)42,
#endif
    .defines = bad_defines,
};

HPyDef_SLOT(bad_exec, HPy_mod_exec)
static int bad_exec_impl(HPyContext *ctx, HPy module)
{
    (void)bogus_slot;
    return HPyHelpers_AddType(ctx, module, "Bad", &bad_spec, NULL) ? 0 : -1;
}

static HPyDef *defines[] = {&bad_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(bad_type, moduledef)
