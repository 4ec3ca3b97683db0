/* One misuse of the API per build: compiled with -DKIND_<name>, this module's
   misuse() (and, for some kinds, keep()/later()) makes exactly that mistake.
   ok() is correct code, the same in every build. test_debug.py loads each
   build in debug mode (the mistake is reported) and, where the mistake is
   harmless to run, in universal mode (nothing changes). */
#include <pthread.h>
#include "hpy.h"

HPyDef_METH(ok, "ok", HPyFunc_O)
static HPy ok_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy one = HPyLong_FromLong(ctx, 1);
    HPy r = HPy_Add(ctx, arg, one);
    (void)self;
    HPy_Close(ctx, one);
    return r;
}

#if defined(KIND_LEAK)
/* An owned handle never closed. */
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyLong_FromLong(ctx, 1234567);
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_USE_AFTER_CLOSE)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    HPy h = HPyLong_FromLong(ctx, 1234567);
    (void)self;
    HPy_Close(ctx, h);
    return HPy_Repr(ctx, h);
}

#elif defined(KIND_DOUBLE_CLOSE)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    HPy h = HPyLong_FromLong(ctx, 1234567);
    (void)self;
    HPy_Close(ctx, h);
    HPy_Close(ctx, h);
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_CLOSE_CONSTANT)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPy_Close(ctx, ctx->h_None);
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_RETURN_CONSTANT)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return ctx->h_None;
}

#elif defined(KIND_CLOSE_ARG)
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy_Close(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_RETURN_ARG)
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)ctx; (void)self;
    return arg;
}

#elif defined(KIND_KEPT_ARG)
/* keep(x) stores its argument without HPy_Dup; misuse() uses it later. */
static HPy kept;
HPyDef_METH(keep, "keep", HPyFunc_O)
static HPy keep_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    kept = arg;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Repr(ctx, kept);
}
#define EXTRA_DEFINES &keep,

#elif defined(KIND_BUILD_TWICE)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b = HPyListBuilder_New(ctx, 1);
    HPy first, second;
    (void)self;
    HPyListBuilder_Set(ctx, b, 0, ctx->h_None);
    first = HPyListBuilder_Build(ctx, b);
    second = HPyListBuilder_Build(ctx, b);
    HPy_Close(ctx, first);
    return second;
}

#elif defined(KIND_TRACKER_AFTER_CLOSE)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    HPyTracker ht = HPyTracker_New(ctx, 1);
    HPy h = HPyLong_FromLong(ctx, 1);
    (void)self;
    HPyTracker_Close(ctx, ht);
    if (HPyTracker_Add(ctx, ht, h) < 0) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_STALE_CONTEXT)
/* The context kept from a call and used by a capsule destructor, which
   runs outside any call. */
static HPyContext *saved_ctx;
HPyCapsule_DESTRUCTOR(stale_destructor)
static void stale_destructor_impl(const char *name, void *pointer, void *context)
{
    (void)name; (void)pointer; (void)context;
    HPy h = HPyLong_FromLong(saved_ctx, 1);
    if (!HPy_IsNull(h))
        HPy_Close(saved_ctx, h);
}
static int marker;
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    saved_ctx = ctx;
    return HPyCapsule_New(ctx, &marker, "debug_misuse.stale", &stale_destructor);
}

#elif defined(KIND_WRONG_SHAPE)
typedef struct { long value; } PointObject;
HPyType_HELPERS(PointObject)
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    PointObject *p = PointObject_AsStruct(ctx, arg);
    if (p == NULL)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_NOT_A_TYPE)
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *data;
    (void)self;
    return _HPy_New(ctx, arg, &data);
}

#elif defined(KIND_NOT_A_HANDLE)
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    HPy garbage = {(HPy_ssize_t)0x7f0012345670};
    (void)self;
    return HPy_Repr(ctx, garbage);
}

#elif defined(KIND_FOREIGN_THREAD)
static HPyContext *thread_ctx;
static void *call_without_runtime(void *unused)
{
    (void)unused;
    HPy h = HPyLong_FromLong(thread_ctx, 1);
    if (!HPy_IsNull(h))
        HPy_Close(thread_ctx, h);
    return NULL;
}
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    pthread_t t;
    (void)self;
    thread_ctx = ctx;
    if (pthread_create(&t, NULL, call_without_runtime, NULL) == 0)
        pthread_join(t, NULL);
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_RAW_KEPT)
/* keep(s) keeps the UTF-8 data of its argument; misuse() reads it after the
   call that gave it returned (the argument handle closed then). */
static const char *kept_utf8;
HPyDef_METH(keep, "keep", HPyFunc_O)
static HPy keep_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    kept_utf8 = HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    if (kept_utf8 == NULL)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(misuse, "misuse", HPyFunc_NOARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, kept_utf8);
}
#define EXTRA_DEFINES &keep,

#elif defined(KIND_RAW_WRITE)
/* Writes into the data of a bytes object, which is read-only. */
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy arg)
{
    char *data = (char *)HPyBytes_AsString(ctx, arg);
    (void)self;
    if (data == NULL)
        return HPy_NULL;
    data[0] = 'X';
    return HPy_Dup(ctx, ctx->h_None);
}

#elif defined(KIND_FIELD_NOT_TRAVERSED)
/* Box has two fields but its tp_traverse visits only `seen`. */
typedef struct { HPyField seen; HPyField unseen; } BoxObject;
HPyType_HELPERS(BoxObject)
HPyDef_SLOT(Box_traverse, HPy_tp_traverse)
static int Box_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((BoxObject *)self)->seen);
    return 0;
}
static HPyDef *Box_defines[] = {&Box_traverse, NULL};
static HPyType_Spec Box_spec = {
    .name = "debug_misuse.Box",
    .basicsize = sizeof(BoxObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Box_defines,
};
/* misuse(which, value): a new Box with `value` stored in field `which`
   (0: seen, 1: unseen); returns the box. */
HPyDef_METH(misuse, "misuse", HPyFunc_VARARGS)
static HPy misuse_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    BoxObject *b;
    HPy type, box;
    long which;
    (void)self;
    if (nargs != 2 || (which = HPyLong_AsLong(ctx, args[0])) == -1)
        return HPy_NULL;
    type = HPyType_FromSpec(ctx, &Box_spec, NULL);
    if (HPy_IsNull(type))
        return HPy_NULL;
    box = HPy_New(ctx, type, &b);
    HPy_Close(ctx, type);
    if (HPy_IsNull(box))
        return HPy_NULL;
    HPyField_Store(ctx, box, which ? &b->unseen : &b->seen, args[1]);
    if (HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, box);
        return HPy_NULL;
    }
    return box;
}

#elif defined(KIND_FIELD_DEAD_OWNER)
/* A field's value copied out of a box that then dies, loaded through
   another box. */
typedef struct { HPyField item; } CellObject;
HPyType_HELPERS(CellObject)
HPyDef_SLOT(Cell_traverse, HPy_tp_traverse)
static int Cell_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((CellObject *)self)->item);
    return 0;
}
static HPyDef *Cell_defines[] = {&Cell_traverse, NULL};
static HPyType_Spec Cell_spec = {
    .name = "debug_misuse.Cell",
    .basicsize = sizeof(CellObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Cell_defines,
};
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy value)
{
    CellObject *first, *second;
    HPyField copied;
    HPy type, a, b, r;
    (void)self;
    type = HPyType_FromSpec(ctx, &Cell_spec, NULL);
    if (HPy_IsNull(type))
        return HPy_NULL;
    a = HPy_New(ctx, type, &first);
    b = HPy_New(ctx, type, &second);
    HPy_Close(ctx, type);
    if (HPy_IsNull(a) || HPy_IsNull(b))
        return HPy_NULL;
    HPyField_Store(ctx, a, &first->item, value);
    copied = first->item;
    HPy_Close(ctx, a);                  /* the owner dies */
    r = HPyField_Load(ctx, b, copied);  /* through another object */
    HPy_Close(ctx, b);
    return r;
}

#elif defined(KIND_GLOBALS)
/* misuse(x) stores x in a global; Loader().load() loads it, which works
   only while this module lives (the global belongs to it). */
static HPyGlobal stored;
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy value)
{
    (void)self;
    HPyGlobal_Store(ctx, &stored, value);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(Loader_load, "load", HPyFunc_NOARGS)
static HPy Loader_load_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, stored);
}
static HPyDef *Loader_defines[] = {&Loader_load, NULL};
static HPyType_Spec Loader_spec = {.name = "debug_misuse.Loader", .defines = Loader_defines};
HPyDef_SLOT(add_loader, HPy_mod_exec)
static int add_loader_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Loader", &Loader_spec, NULL) ? 0 : -1;
}
#define EXTRA_DEFINES &add_loader,
#define MODULE_GLOBALS
static HPyGlobal *module_globals[] = {&stored, NULL};

#else
#error "build with -DKIND_<misuse>, see test_debug.py"
#endif

#ifndef EXTRA_DEFINES
#define EXTRA_DEFINES
#endif

static HPyDef *defines[] = {&ok, &misuse, EXTRA_DEFINES NULL};
#ifdef MODULE_GLOBALS
static HPyModuleDef moduledef = {.doc = "one API misuse", .defines = defines, .globals = module_globals};
#else
static HPyModuleDef moduledef = {.doc = "one API misuse", .defines = defines};
#endif

HPy_MODINIT(debug_misuse, moduledef)
