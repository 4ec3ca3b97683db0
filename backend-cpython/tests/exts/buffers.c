/* A type exporting its bytes through the buffer slots, counting releases. */
#include "hpy.h"
#include <string.h>

typedef struct {
    char data[16];
    long exports;
    long releases;
} BlobObject;
HPyType_HELPERS(BlobObject)

HPyDef_SLOT(Blob_new, HPy_tp_new)
static HPy Blob_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    BlobObject *b;
    HPy h = HPy_New(ctx, cls, &b);
    (void)args; (void)nargs; (void)kw;
    if (!HPy_IsNull(h))
        memcpy(b->data, "hilt buffer ok!\n", 16);
    return h;
}

HPyDef_SLOT(Blob_getbuffer, HPy_bf_getbuffer)
static int Blob_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view, int flags)
{
    BlobObject *b = BlobObject_AsStruct(ctx, self);
    (void)flags;
    view->buf = b->data;
    view->obj = HPy_Dup(ctx, self);
    view->len = sizeof(b->data);
    view->itemsize = 1;
    view->readonly = 0;
    view->ndim = 1;
    view->format = NULL;
    view->shape = NULL;
    view->strides = NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    b->exports++;
    return 0;
}

HPyDef_SLOT(Blob_releasebuffer, HPy_bf_releasebuffer)
static void Blob_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view)
{
    (void)view;
    BlobObject_AsStruct(ctx, self)->releases++;
}

HPyDef_GET(Blob_counts, "counts")
static HPy Blob_counts_get(HPyContext *ctx, HPy self, void *closure)
{
    BlobObject *b = BlobObject_AsStruct(ctx, self);
    (void)closure;
    return HPy_BuildValue(ctx, "(ll)", b->exports, b->releases);
}

static HPyDef *Blob_defines[] = {&Blob_new, &Blob_getbuffer, &Blob_releasebuffer, &Blob_counts, NULL};
static HPyType_Spec Blob_spec = {
    .name = "buffers.Blob",
    .basicsize = sizeof(BlobObject),
    .builtin_shape = SHAPE(BlobObject),
    .defines = Blob_defines,
};

HPyDef_SLOT(bu_exec, HPy_mod_exec)
static int bu_exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Blob", &Blob_spec, NULL) ? 0 : -1;
}

static HPyDef *defines[] = {&bu_exec, NULL};
static HPyModuleDef moduledef = {.defines = defines};

HPy_MODINIT(buffers, moduledef)
