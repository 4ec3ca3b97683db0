/* Context wrappers written by hand, beside the generated ones in
   hpy/autogen_ctx_inline.h: members marked [manual] in abi/api.table, and
   the capsule accessors that are thin spellings of HPyCapsule_Get/Set.
   Included by hpy.h; do not include directly. */
#ifndef HILT_INLINE_CTX_EXTRAS_H
#define HILT_INLINE_CTX_EXTRAS_H

/* _HPy_New receives the address of a local instead of the caller's pointer:
   once inlined, the caller's variable never escapes, so the compiler can keep
   it in a register. Users call it through the HPy_New macro. */
HPyAPI_FUNC HPy _HPy_New(HPyContext *ctx, HPy h_type, void **data)
{
    void *payload;
    HPy result = ctx->ctx_New(ctx, h_type, &payload);
    *data = payload;
    return result;
}

HPyAPI_FUNC void *HPyCapsule_GetPointer(HPyContext *ctx, HPy capsule, const char *name)
{
    return ctx->ctx_Capsule_Get(ctx, capsule, HPyCapsule_key_Pointer, name);
}

HPyAPI_FUNC const char *HPyCapsule_GetName(HPyContext *ctx, HPy capsule)
{
    return (const char *)ctx->ctx_Capsule_Get(ctx, capsule, HPyCapsule_key_Name, NULL);
}

HPyAPI_FUNC void *HPyCapsule_GetContext(HPyContext *ctx, HPy capsule)
{
    return ctx->ctx_Capsule_Get(ctx, capsule, HPyCapsule_key_Context, NULL);
}

HPyAPI_FUNC int HPyCapsule_SetPointer(HPyContext *ctx, HPy capsule, void *pointer)
{
    return ctx->ctx_Capsule_Set(ctx, capsule, HPyCapsule_key_Pointer, pointer);
}

HPyAPI_FUNC int HPyCapsule_SetName(HPyContext *ctx, HPy capsule, const char *name)
{
    return ctx->ctx_Capsule_Set(ctx, capsule, HPyCapsule_key_Name, (void *)name);
}

HPyAPI_FUNC int HPyCapsule_SetContext(HPyContext *ctx, HPy capsule, void *context)
{
    return ctx->ctx_Capsule_Set(ctx, capsule, HPyCapsule_key_Context, context);
}

HPyAPI_FUNC int HPyCapsule_SetDestructor(HPyContext *ctx, HPy capsule, HPyCapsule_Destructor *destructor)
{
    return ctx->ctx_Capsule_Set(ctx, capsule, HPyCapsule_key_Destructor, (void *)destructor);
}

#endif /* HILT_INLINE_CTX_EXTRAS_H */
