/* A linked node type for the VM's own extension tests: its HPyFields are
   traced (tp_traverse) and its struct is destroyed when the collector frees
   it (tp_destroy counts), so a test can see cycles through fields collected
   and values reachable only through fields kept. */
#include "hpy.h"

typedef struct {
    HPyField next;
    HPyField value;
    long id;
} NodeObject;

HPyType_HELPERS(NodeObject)

static long destroyed_count = 0;

HPyDef_SLOT(Node_new, HPy_tp_new)
static HPy Node_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    NodeObject *n;
    (void)kw;
    if (nargs != 1) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "Node() takes exactly one argument (the value)");
        return HPy_NULL;
    }
    HPy h = HPy_New(ctx, cls, &n);
    if (HPy_IsNull(h))
        return HPy_NULL;
    HPyField_Store(ctx, h, &n->value, args[0]);
    n->id = 7;
    return h;
}

HPyDef_SLOT(Node_traverse, HPy_tp_traverse)
static int Node_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    NodeObject *n = (NodeObject *)self;
    HPy_VISIT(&n->next);
    HPy_VISIT(&n->value);
    return 0;
}

HPyDef_SLOT(Node_destroy, HPy_tp_destroy)
static void Node_destroy_impl(void *self)
{
    (void)self;
    destroyed_count++;
}

HPyDef_GETSET(Node_next, "next")
static HPy Node_next_get(HPyContext *ctx, HPy self, void *closure)
{
    NodeObject *n = NodeObject_AsStruct(ctx, self);
    (void)closure;
    if (HPyField_IsNull(n->next))
        return HPy_Dup(ctx, ctx->h_None);
    return HPyField_Load(ctx, self, n->next);
}
static int Node_next_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    NodeObject *n = NodeObject_AsStruct(ctx, self);
    (void)closure;
    HPyField_Store(ctx, self, &n->next, value);
    return 0;
}

HPyDef_GET(Node_value, "value")
static HPy Node_value_get(HPyContext *ctx, HPy self, void *closure)
{
    NodeObject *n = NodeObject_AsStruct(ctx, self);
    (void)closure;
    return HPyField_Load(ctx, self, n->value);
}

HPyDef_MEMBER(Node_id, "id", HPyMember_LONG, offsetof(NodeObject, id), .readonly = 1)

static HPyDef *Node_defines[] = {&Node_new, &Node_traverse, &Node_destroy, &Node_next, &Node_value, &Node_id, NULL};
static HPyType_Spec Node_spec = {
    .name = "vm_gc.Node",
    .basicsize = sizeof(NodeObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC | HPy_TPFLAGS_BASETYPE,
    .defines = Node_defines,
};

HPyDef_METH(destroyed, "destroyed", HPyFunc_NOARGS)
static HPy destroyed_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, destroyed_count);
}

HPyDef_SLOT(vm_gc_exec, HPy_mod_exec)
static int vm_gc_exec_impl(HPyContext *ctx, HPy module)
{
    HPy t = HPyType_FromSpec(ctx, &Node_spec, NULL);
    if (HPy_IsNull(t))
        return -1;
    int rc = HPy_SetAttr_s(ctx, module, "Node", t);
    HPy_Close(ctx, t);
    return rc;
}

static HPyDef *module_defines[] = {&destroyed, &vm_gc_exec, NULL};
static HPyModuleDef moduledef = {.doc = "GC test module for the Hilt VM", .defines = module_defines};

HPy_MODINIT(vm_gc, moduledef)
