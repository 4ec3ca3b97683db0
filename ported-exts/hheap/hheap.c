/* hheap: the public API of the standard library's heapq (heappush, heappop,
   heapify, heapreplace, heappushpop, nlargest, nsmallest), written against
   Hilt's API, so one binary runs on every backend. The heap is a list kept
   so that heap[k] <= heap[2k+1] and heap[k] <= heap[2k+2], compared with
   `<` only, moving items the same way heapq does, so both give the very
   same lists. */
#include <stdlib.h>
/* Iteration (HPy_GetIter, HPyIter_Next) is in ABI minor version 1. */
#define HILT_TARGET_ABI_MINOR 1
#include "hpy.h"

/* ---- list helpers ------------------------------------------------------ */

static int check_list(HPyContext *ctx, HPy heap)
{
    if (!HPyList_Check(ctx, heap)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "heap argument must be a list");
        return -1;
    }
    return 0;
}

/* a < b: 1, 0, or -1 with an exception set. */
static int less(HPyContext *ctx, HPy a, HPy b)
{
    return HPy_RichCompareBool(ctx, a, b, HPy_LT);
}

/* heap[i] < heap[j], failing if the list changed size during the
   comparison (a comparison may run any Python code). */
static int less_at(HPyContext *ctx, HPy heap, HPy_ssize_t i, HPy_ssize_t j, HPy_ssize_t size)
{
    HPy a = HPy_GetItem_i(ctx, heap, i), b;
    int r;
    if (HPy_IsNull(a))
        return -1;
    b = HPy_GetItem_i(ctx, heap, j);
    if (HPy_IsNull(b)) {
        HPy_Close(ctx, a);
        return -1;
    }
    r = less(ctx, a, b);
    HPy_Close(ctx, a);
    HPy_Close(ctx, b);
    if (r >= 0 && HPy_Length(ctx, heap) != size) {
        HPyErr_SetString(ctx, ctx->h_RuntimeError, "list changed size during iteration");
        return -1;
    }
    return r;
}

/* Move heap[from] to heap[to] (the caller keeps the item that was at `to`). */
static int move(HPyContext *ctx, HPy heap, HPy_ssize_t from, HPy_ssize_t to)
{
    HPy item = HPy_GetItem_i(ctx, heap, from);
    int r;
    if (HPy_IsNull(item))
        return -1;
    r = HPy_SetItem_i(ctx, heap, to, item);
    HPy_Close(ctx, item);
    return r;
}

static int size_unchanged(HPyContext *ctx, HPy heap, HPy_ssize_t size)
{
    if (HPy_Length(ctx, heap) != size) {
        HPyErr_SetString(ctx, ctx->h_RuntimeError, "list changed size during iteration");
        return -1;
    }
    return 0;
}

/* The item at `pos` moves towards the root while it is smaller than its
   parent, not above `start`: parents move down into the hole it leaves,
   and it is written once, where it stops. */
static int sift_towards_root(HPyContext *ctx, HPy heap, HPy_ssize_t start, HPy_ssize_t pos)
{
    HPy_ssize_t size = HPy_Length(ctx, heap);
    HPy item;
    int r = 0;
    if (size < 0 || HPy_IsNull(item = HPy_GetItem_i(ctx, heap, pos)))
        return -1;
    while (pos > start) {
        HPy_ssize_t parent_pos = (pos - 1) >> 1;
        HPy parent = HPy_GetItem_i(ctx, heap, parent_pos);
        int lt;
        if (HPy_IsNull(parent)) {
            r = -1;
            break;
        }
        lt = less(ctx, item, parent);
        if (lt < 0 || size_unchanged(ctx, heap, size) < 0) {
            HPy_Close(ctx, parent);
            r = -1;
            break;
        }
        if (!lt) {
            HPy_Close(ctx, parent);
            break;
        }
        r = HPy_SetItem_i(ctx, heap, pos, parent);
        HPy_Close(ctx, parent);
        if (r < 0)
            break;
        pos = parent_pos;
    }
    if (r == 0)
        r = HPy_SetItem_i(ctx, heap, pos, item);
    HPy_Close(ctx, item);
    return r;
}

/* The item at `pos` goes down to a leaf along the smaller children (each
   moving up into the hole), then back up to its place: fewer comparisons
   than stopping early on average, and the order heapq produces. */
static int sift_towards_leaves(HPyContext *ctx, HPy heap, HPy_ssize_t pos)
{
    HPy_ssize_t start = pos, size = HPy_Length(ctx, heap), child;
    HPy item;
    int r = 0;
    if (size < 0 || HPy_IsNull(item = HPy_GetItem_i(ctx, heap, pos)))
        return -1;
    child = 2 * pos + 1;
    while (child < size) {
        HPy_ssize_t right = child + 1;
        if (right < size) {
            int lt = less_at(ctx, heap, child, right, size);
            if (lt < 0) {
                r = -1;
                break;
            }
            if (!lt)
                child = right;
        }
        if (move(ctx, heap, child, pos) < 0) {
            r = -1;
            break;
        }
        pos = child;
        child = 2 * pos + 1;
    }
    if (r == 0)
        r = HPy_SetItem_i(ctx, heap, pos, item);
    HPy_Close(ctx, item);
    return r < 0 ? -1 : sift_towards_root(ctx, heap, start, pos);
}

/* ---- the module's functions --------------------------------------------- */

static int two_args(HPyContext *ctx, size_t nargs, const char *name)
{
    if (nargs != 2) {
        HPyErr_Format(ctx, ctx->h_TypeError, "%s expected 2 arguments, got %d", name, (int)nargs);
        return -1;
    }
    return 0;
}

HPyDef_METH(heappush, "heappush", HPyFunc_VARARGS,
            .doc = "heappush(heap, item): push item onto heap, keeping the heap invariant.")
static HPy heappush_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t n;
    (void)self;
    if (two_args(ctx, nargs, "heappush") < 0 || check_list(ctx, args[0]) < 0)
        return HPy_NULL;
    if (HPyList_Append(ctx, args[0], args[1]) < 0 || (n = HPy_Length(ctx, args[0])) < 0)
        return HPy_NULL;
    if (sift_towards_root(ctx, args[0], 0, n - 1) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

/* Remove and return the last item of a non-empty list. */
static HPy pop_last(HPyContext *ctx, HPy heap, HPy_ssize_t n)
{
    HPy last = HPy_GetItem_i(ctx, heap, n - 1);
    if (!HPy_IsNull(last) && HPy_DelItem_i(ctx, heap, n - 1) < 0) {
        HPy_Close(ctx, last);
        return HPy_NULL;
    }
    return last;
}

HPyDef_METH(heappop, "heappop", HPyFunc_O,
            .doc = "heappop(heap): pop the smallest item off the heap, keeping the heap invariant.")
static HPy heappop_impl(HPyContext *ctx, HPy self, HPy heap)
{
    HPy_ssize_t n;
    HPy last, smallest;
    (void)self;
    if (check_list(ctx, heap) < 0 || (n = HPy_Length(ctx, heap)) < 0)
        return HPy_NULL;
    if (n == 0) {
        HPyErr_SetString(ctx, ctx->h_IndexError, "index out of range");
        return HPy_NULL;
    }
    last = pop_last(ctx, heap, n);
    if (HPy_IsNull(last) || n == 1)
        return last;
    smallest = HPy_GetItem_i(ctx, heap, 0);
    if (HPy_IsNull(smallest) || HPy_SetItem_i(ctx, heap, 0, last) < 0 || sift_towards_leaves(ctx, heap, 0) < 0) {
        HPy_Close(ctx, last);
        if (!HPy_IsNull(smallest))
            HPy_Close(ctx, smallest);
        return HPy_NULL;
    }
    HPy_Close(ctx, last);
    return smallest;
}

HPyDef_METH(heapreplace, "heapreplace", HPyFunc_VARARGS,
            .doc = "heapreplace(heap, item): pop and return the smallest item, then push item.")
static HPy heapreplace_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t n;
    HPy smallest;
    (void)self;
    if (two_args(ctx, nargs, "heapreplace") < 0 || check_list(ctx, args[0]) < 0 ||
        (n = HPy_Length(ctx, args[0])) < 0)
        return HPy_NULL;
    if (n == 0) {
        HPyErr_SetString(ctx, ctx->h_IndexError, "index out of range");
        return HPy_NULL;
    }
    smallest = HPy_GetItem_i(ctx, args[0], 0);
    if (HPy_IsNull(smallest))
        return HPy_NULL;
    if (HPy_SetItem_i(ctx, args[0], 0, args[1]) < 0 || sift_towards_leaves(ctx, args[0], 0) < 0) {
        HPy_Close(ctx, smallest);
        return HPy_NULL;
    }
    return smallest;
}

HPyDef_METH(heappushpop, "heappushpop", HPyFunc_VARARGS,
            .doc = "heappushpop(heap, item): push item, then pop and return the smallest item.")
static HPy heappushpop_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t n;
    HPy top;
    int lt;
    (void)self;
    if (two_args(ctx, nargs, "heappushpop") < 0 || check_list(ctx, args[0]) < 0 ||
        (n = HPy_Length(ctx, args[0])) < 0)
        return HPy_NULL;
    if (n == 0)
        return HPy_Dup(ctx, args[1]);
    top = HPy_GetItem_i(ctx, args[0], 0);
    if (HPy_IsNull(top))
        return HPy_NULL;
    lt = less(ctx, top, args[1]);
    if (lt <= 0) {              /* item is the smallest (or an error) */
        HPy_Close(ctx, top);
        return lt < 0 ? HPy_NULL : HPy_Dup(ctx, args[1]);
    }
    if (HPy_Length(ctx, args[0]) != n) {
        HPy_Close(ctx, top);
        HPyErr_SetString(ctx, ctx->h_RuntimeError, "list changed size during iteration");
        return HPy_NULL;
    }
    if (HPy_SetItem_i(ctx, args[0], 0, args[1]) < 0 || sift_towards_leaves(ctx, args[0], 0) < 0) {
        HPy_Close(ctx, top);
        return HPy_NULL;
    }
    return top;
}

HPyDef_METH(heapify, "heapify", HPyFunc_O,
            .doc = "heapify(x): transform list x into a heap, in place, in linear time.")
static HPy heapify_impl(HPyContext *ctx, HPy self, HPy x)
{
    HPy_ssize_t n, i;
    (void)self;
    if (check_list(ctx, x) < 0 || (n = HPy_Length(ctx, x)) < 0)
        return HPy_NULL;
    for (i = n / 2 - 1; i >= 0; i--)
        if (sift_towards_leaves(ctx, x, i) < 0)
            return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

/* ---- nlargest / nsmallest ------------------------------------------------ */

/* The items of `iterable` with their keys (key(item), or the item itself),
   in two new lists. */
static int collect(HPyContext *ctx, HPy iterable, HPy key, HPy *items, HPy *keys)
{
    HPy it = HPy_GetIter(ctx, iterable), item;
    if (HPy_IsNull(it))
        return -1;
    *items = HPyList_New(ctx, 0);
    *keys = HPyList_New(ctx, 0);
    while (!HPy_IsNull(item = HPyIter_Next(ctx, it))) {
        HPy k = HPy_IsNull(key) ? HPy_Dup(ctx, item) : HPy_Call(ctx, key, &item, 1, HPy_NULL);
        int bad = HPy_IsNull(k) || HPyList_Append(ctx, *items, item) < 0 || HPyList_Append(ctx, *keys, k) < 0;
        HPy_Close(ctx, item);
        if (!HPy_IsNull(k))
            HPy_Close(ctx, k);
        if (bad)
            break;
    }
    HPy_Close(ctx, it);
    if (HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, *items);
        HPy_Close(ctx, *keys);
        return -1;
    }
    return 0;
}

/* Whether entry i comes before entry j in the result: a better key (larger
   for nlargest, smaller for nsmallest), or an equal key and an earlier
   position (the order sorted() keeps). */
static int before(HPyContext *ctx, HPy keys, HPy_ssize_t i, HPy_ssize_t j, int largest)
{
    HPy_ssize_t size = HPy_Length(ctx, keys);
    int r = largest ? less_at(ctx, keys, j, i, size) : less_at(ctx, keys, i, j, size);
    if (r != 0)
        return r;
    r = largest ? less_at(ctx, keys, i, j, size) : less_at(ctx, keys, j, i, size);
    if (r != 0)
        return r < 0 ? -1 : 0;
    return i < j;
}

/* The first n entries in result order: a selection by binary insertion
   into a sorted window of at most n positions. */
static HPy select_n(HPyContext *ctx, HPy n_obj, HPy iterable, HPy key, int largest)
{
    HPy items, keys, result;
    HPy_ssize_t n = HPyLong_AsSsize_t(ctx, n_obj), total, count = 0, i, k;
    HPy_ssize_t *window;
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (!HPy_IsNull(key) && HPy_Is(ctx, key, ctx->h_None))
        key = HPy_NULL;
    if (collect(ctx, iterable, key, &items, &keys) < 0)
        return HPy_NULL;
    total = HPy_Length(ctx, items);
    if (n > total)
        n = total;
    if (n < 0)
        n = 0;
    window = n ? (HPy_ssize_t *)malloc((size_t)n * sizeof(HPy_ssize_t)) : NULL;
    if (n && window == NULL) {
        HPy_Close(ctx, items);
        HPy_Close(ctx, keys);
        return HPyErr_NoMemory(ctx);
    }
    for (i = 0; i < total && n > 0; i++) {
        /* Where entry i goes among the `count` kept so far; most entries
           of a long input lose to the last one kept, at one check. */
        HPy_ssize_t lo = 0, hi = count;
        if (count == n) {
            int b = before(ctx, keys, i, window[n - 1], largest);
            if (b < 0)
                goto fail;
            if (!b)
                continue;
        }
        while (lo < hi) {
            HPy_ssize_t mid = (lo + hi) / 2;
            int b = before(ctx, keys, i, window[mid], largest);
            if (b < 0)
                goto fail;
            if (b)
                hi = mid;
            else
                lo = mid + 1;
        }
        if (lo >= n)
            continue;
        if (count < n)
            count++;
        for (k = count - 1; k > lo; k--)
            window[k] = window[k - 1];
        window[lo] = i;
    }
    result = HPyList_New(ctx, 0);
    for (k = 0; k < count && !HPy_IsNull(result); k++) {
        HPy item = HPy_GetItem_i(ctx, items, window[k]);
        if (HPy_IsNull(item) || HPyList_Append(ctx, result, item) < 0) {
            HPy_Close(ctx, result);
            result = HPy_NULL;
        }
        if (!HPy_IsNull(item))
            HPy_Close(ctx, item);
    }
    free(window);
    HPy_Close(ctx, items);
    HPy_Close(ctx, keys);
    return result;
fail:
    free(window);
    HPy_Close(ctx, items);
    HPy_Close(ctx, keys);
    return HPy_NULL;
}

/* nlargest/nsmallest(n, iterable, key=None). */
static HPy select_entry(HPyContext *ctx, const HPy *args, size_t nargs, HPy kwnames, const char *fmt, int largest)
{
    static const char *kwlist[] = {"n", "iterable", "key", NULL};
    HPy n, iterable, key = HPy_NULL, r;
    HPyTracker ht;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, fmt, kwlist, &n, &iterable, &key))
        return HPy_NULL;
    r = select_n(ctx, n, iterable, key, largest);
    HPyTracker_Close(ctx, ht);
    return r;
}

HPyDef_METH(nlargest, "nlargest", HPyFunc_KEYWORDS,
            .doc = "nlargest(n, iterable, key=None): the n largest items, like sorted(iterable, key=key, reverse=True)[:n].")
static HPy nlargest_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)self;
    return select_entry(ctx, args, nargs, kwnames, "OO|O:nlargest", 1);
}

HPyDef_METH(nsmallest, "nsmallest", HPyFunc_KEYWORDS,
            .doc = "nsmallest(n, iterable, key=None): the n smallest items, like sorted(iterable, key=key)[:n].")
static HPy nsmallest_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)self;
    return select_entry(ctx, args, nargs, kwnames, "OO|O:nsmallest", 0);
}

static HPyDef *defines[] = {
    &heappush, &heappop, &heapreplace, &heappushpop, &heapify, &nlargest, &nsmallest, NULL,
};

static HPyModuleDef moduledef = {
    .doc = "Heap queue algorithm (a.k.a. priority queue): heapq's API on Hilt.",
    .defines = defines,
};

HPy_MODINIT(hheap, moduledef)
