/* hzlib: the public API of the standard library's zlib module (compress,
   decompress, crc32, adler32, compressobj, decompressobj and their stream
   objects), wrapping the system's zlib through Hilt's API: one .hpy0.so for
   every backend. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "hpy.h"

#define DEF_BUF_SIZE (16 * 1024)

static HPyGlobal ZlibError;

/* ---- helpers ----------------------------------------------------------- */

/* The bytes of a bytes-like object (bytes, bytearray, memoryview, ...), as
   a new bytes handle; TypeError for anything else. */
static HPy bytes_like(HPyContext *ctx, HPy obj)
{
    HPy view, b;
    if (HPyBytes_Check(ctx, obj))
        return HPy_Dup(ctx, obj);
    view = HPy_Call(ctx, ctx->h_MemoryViewType, &obj, 1, HPy_NULL);
    if (HPy_IsNull(view))
        return HPy_NULL;
    b = HPy_Bytes(ctx, view);
    HPy_Close(ctx, view);
    return b;
}

/* zlib.error("Error N while DOING: MESSAGE"), as the stdlib words it. */
static void zlib_error(HPyContext *ctx, const z_stream *zs, int err, const char *doing)
{
    const char *msg = zs->msg;
    HPy error = HPyGlobal_Load(ctx, ZlibError);
    if (HPy_IsNull(error))
        return;
    if (msg == NULL) {
        switch (err) {
        case Z_BUF_ERROR: msg = "incomplete or truncated stream"; break;
        case Z_STREAM_ERROR: msg = "inconsistent stream state"; break;
        case Z_DATA_ERROR: msg = "invalid input data"; break;
        default: msg = "library error";
        }
    }
    HPyErr_Format(ctx, error, "Error %d while %s: %.200s", err, doing, msg);
    HPy_Close(ctx, error);
}

/* A growing output buffer, handed to zlib block by block with the block
   sizes CPython's zlib module uses: deflate sizes its stored blocks by the
   room it is given, so this is what makes the output byte-identical. */
typedef struct {
    unsigned char *data;
    size_t len, cap;
    size_t block_end;   /* where the current block ends */
    int blocks;         /* blocks handed out so far */
} Out;

static const size_t block_sizes[] = {
    32u << 10, 64u << 10, 256u << 10, 1u << 20, 4u << 20, 8u << 20, 16u << 20, 16u << 20,
    32u << 20, 32u << 20, 32u << 20, 32u << 20, 64u << 20, 64u << 20, 128u << 20, 128u << 20, 256u << 20,
};
#define N_BLOCK_SIZES (sizeof block_sizes / sizeof block_sizes[0])

/* Point the stream's output at the rest of the current block, starting a
   new block when it is full: the first is `first` bytes (0: CPython's
   first block size), the next follow the table. `limit` > 0 caps the total. */
static int out_room(HPyContext *ctx, Out *out, z_stream *zs, size_t first, size_t limit)
{
    size_t room;
    if (out->len == out->block_end) {
        size_t size = out->blocks == 0 && first ? first
                    : block_sizes[out->blocks < (int)N_BLOCK_SIZES ? out->blocks : (int)N_BLOCK_SIZES - 1];
        if (out->block_end + size > out->cap) {
            size_t cap = out->block_end + size;
            unsigned char *p = realloc(out->data, cap);
            if (p == NULL) {
                HPyErr_NoMemory(ctx);
                return -1;
            }
            out->data = p;
            out->cap = cap;
        }
        out->block_end += size;
        out->blocks++;
    }
    room = out->block_end - out->len;
    if (limit > 0 && room > limit - out->len)
        room = limit - out->len;
    if (room > UINT_MAX)
        room = UINT_MAX;
    zs->next_out = out->data + out->len;
    zs->avail_out = (uInt)room;
    return 0;
}

/* Count what the stream wrote since out_room. */
static void out_took(Out *out, z_stream *zs)
{
    out->len = (size_t)(zs->next_out - out->data);
}

static HPy out_bytes(HPyContext *ctx, Out *out)
{
    HPy r = HPyBytes_FromStringAndSize(ctx, out->len ? (const char *)out->data : "", (HPy_ssize_t)out->len);
    free(out->data);
    out->data = NULL;
    return r;
}

/* ---- one-shot functions ------------------------------------------------ */

static const char *compress_kw[] = {"", "level", "wbits", NULL};

HPyDef_METH(z_compress, "compress", HPyFunc_KEYWORDS,
            .doc = "compress(data, /, level=-1, wbits=15): data compressed with deflate.")
static HPy z_compress_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy data, b, r = HPy_NULL;
    HPyTracker ht;
    int level = Z_DEFAULT_COMPRESSION, wbits = MAX_WBITS, err;
    z_stream zs;
    Out out = {0};
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|ii:compress", compress_kw, &data, &level, &wbits))
        return HPy_NULL;
    b = bytes_like(ctx, data);
    HPyTracker_Close(ctx, ht);
    if (HPy_IsNull(b))
        return HPy_NULL;
    memset(&zs, 0, sizeof zs);
    err = deflateInit2(&zs, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
    if (err != Z_OK) {
        HPy error = HPyGlobal_Load(ctx, ZlibError);
        if (!HPy_IsNull(error)) {
            HPyErr_SetString(ctx, err == Z_STREAM_ERROR ? error : ctx->h_MemoryError,
                             err == Z_STREAM_ERROR ? "Bad compression level" : "Can't allocate memory for compression object");
            HPy_Close(ctx, error);
        }
        HPy_Close(ctx, b);
        return HPy_NULL;
    }
    zs.next_in = (Bytef *)HPyBytes_AsString(ctx, b);
    zs.avail_in = (uInt)HPyBytes_Size(ctx, b);
    do {
        if (out_room(ctx, &out, &zs, 0, 0) < 0)
            goto done;
        err = deflate(&zs, Z_FINISH);
        out_took(&out, &zs);
    } while (err == Z_OK || (err == Z_BUF_ERROR && zs.avail_out == 0));
    if (err != Z_STREAM_END) {
        zlib_error(ctx, &zs, err, "compressing data");
        goto done;
    }
    r = out_bytes(ctx, &out);
done:
    deflateEnd(&zs);
    free(out.data);
    HPy_Close(ctx, b);
    return r;
}

static const char *decompress_kw[] = {"", "wbits", "bufsize", NULL};

HPyDef_METH(z_decompress, "decompress", HPyFunc_KEYWORDS,
            .doc = "decompress(data, /, wbits=15, bufsize=16384): the data a deflate stream holds.")
static HPy z_decompress_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy data, b, r = HPy_NULL;
    HPyTracker ht;
    int wbits = MAX_WBITS, err;
    HPy_ssize_t bufsize = DEF_BUF_SIZE;
    z_stream zs;
    Out out = {0};
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|in:decompress", decompress_kw, &data, &wbits, &bufsize))
        return HPy_NULL;
    b = bytes_like(ctx, data);
    HPyTracker_Close(ctx, ht);
    if (HPy_IsNull(b))
        return HPy_NULL;
    if (bufsize < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "bufsize must be non-negative");
        HPy_Close(ctx, b);
        return HPy_NULL;
    }
    memset(&zs, 0, sizeof zs);
    zs.next_in = (Bytef *)HPyBytes_AsString(ctx, b);
    zs.avail_in = (uInt)HPyBytes_Size(ctx, b);
    err = inflateInit2(&zs, wbits);
    if (err != Z_OK) {
        zlib_error(ctx, &zs, err, "preparing to decompress data");
        HPy_Close(ctx, b);
        return HPy_NULL;
    }
    do {
        if (out_room(ctx, &out, &zs, bufsize ? (size_t)bufsize : 1, 0) < 0)
            goto done;
        err = inflate(&zs, Z_NO_FLUSH);
        out_took(&out, &zs);
    } while (err == Z_OK && (zs.avail_in > 0 || zs.avail_out == 0));
    if (err != Z_STREAM_END) {
        zlib_error(ctx, &zs, err == Z_OK ? Z_BUF_ERROR : err, "decompressing data");
        goto done;
    }
    r = out_bytes(ctx, &out);
done:
    inflateEnd(&zs);
    free(out.data);
    HPy_Close(ctx, b);
    return r;
}

/* crc32(data, value=0) and adler32(data, value=1). */
static HPy checksum(HPyContext *ctx, const HPy *args, size_t nargs, const char *fmt, unsigned long start,
                    uLong (*f)(uLong, const Bytef *, uInt))
{
    HPy data, b;
    unsigned long value = start;
    const Bytef *p;
    HPy_ssize_t n;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, fmt, &data, &value))
        return HPy_NULL;
    b = bytes_like(ctx, data);
    if (HPy_IsNull(b))
        return HPy_NULL;
    p = (const Bytef *)HPyBytes_AsString(ctx, b);
    n = HPyBytes_Size(ctx, b);
    value &= 0xffffffffUL;
    while (n > 0) {
        uInt chunk = n > (HPy_ssize_t)UINT_MAX ? UINT_MAX : (uInt)n;
        value = f(value, p, chunk);
        p += chunk;
        n -= chunk;
    }
    HPy_Close(ctx, b);
    return HPyLong_FromUnsignedLong(ctx, value & 0xffffffffUL);
}

HPyDef_METH(z_crc32, "crc32", HPyFunc_VARARGS, .doc = "crc32(data, value=0): the CRC-32 of data, continuing from value.")
static HPy z_crc32_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    return checksum(ctx, args, nargs, "O|k:crc32", 0, crc32);
}

HPyDef_METH(z_adler32, "adler32", HPyFunc_VARARGS, .doc = "adler32(data, value=1): the Adler-32 of data, continuing from value.")
static HPy z_adler32_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    return checksum(ctx, args, nargs, "O|k:adler32", 1, adler32);
}

/* ---- streams ------------------------------------------------------------ */

typedef struct {
    z_stream zs;
    int ready;      /* deflateInit2/inflateInit2 succeeded; End not yet called */
    int eof;        /* decompression reached the end of the stream */
    HPyField unused_data;
    HPyField unconsumed_tail;
} StreamObject;

HPyType_HELPERS(StreamObject)

HPyDef_SLOT(Stream_traverse, HPy_tp_traverse)
static int Stream_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    StreamObject *s = (StreamObject *)self;
    HPy_VISIT(&s->unused_data);
    HPy_VISIT(&s->unconsumed_tail);
    return 0;
}

HPyDef_SLOT(Compress_destroy, HPy_tp_destroy)
static void Compress_destroy_impl(void *self)
{
    StreamObject *s = (StreamObject *)self;
    if (s->ready)
        deflateEnd(&s->zs);
}

HPyDef_SLOT(Decompress_destroy, HPy_tp_destroy)
static void Decompress_destroy_impl(void *self)
{
    StreamObject *s = (StreamObject *)self;
    if (s->ready)
        inflateEnd(&s->zs);
}

/* Run deflate over `data` (may be empty) with `mode`, returning the output. */
static HPy deflate_run(HPyContext *ctx, StreamObject *s, const Bytef *data, HPy_ssize_t n, int mode)
{
    Out out = {0};
    int err;
    if (!s->ready) {
        HPy error = HPyGlobal_Load(ctx, ZlibError);
        HPyErr_SetString(ctx, error, "Error -2 while compressing data: inconsistent stream state");
        HPy_Close(ctx, error);
        return HPy_NULL;
    }
    s->zs.next_in = (Bytef *)data;
    s->zs.avail_in = (uInt)n;
    do {
        if (out_room(ctx, &out, &s->zs, 0, 0) < 0) {
            free(out.data);
            return HPy_NULL;
        }
        err = deflate(&s->zs, mode);
        out_took(&out, &s->zs);
    } while (s->zs.avail_out == 0 && err != Z_STREAM_END && err != Z_STREAM_ERROR);
    if (err == Z_STREAM_ERROR || (err == Z_BUF_ERROR && s->zs.avail_in > 0)) {
        zlib_error(ctx, &s->zs, err, "compressing data");
        free(out.data);
        return HPy_NULL;
    }
    if (mode == Z_FINISH) {
        deflateEnd(&s->zs);
        s->ready = 0;
    }
    return out_bytes(ctx, &out);
}

HPyDef_METH(Compress_compress, "compress", HPyFunc_O, .doc = "compress(data): compressed data so far (keep the rest for flush()).")
static HPy Compress_compress_impl(HPyContext *ctx, HPy self, HPy data)
{
    HPy b = bytes_like(ctx, data), r;
    if (HPy_IsNull(b))
        return HPy_NULL;
    r = deflate_run(ctx, StreamObject_AsStruct(ctx, self), (const Bytef *)HPyBytes_AsString(ctx, b),
                    HPyBytes_Size(ctx, b), Z_NO_FLUSH);
    HPy_Close(ctx, b);
    return r;
}

HPyDef_METH(Compress_flush, "flush", HPyFunc_VARARGS, .doc = "flush(mode=Z_FINISH): the remaining compressed data.")
static HPy Compress_flush_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int mode = Z_FINISH;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|i:flush", &mode))
        return HPy_NULL;
    if (mode == Z_NO_FLUSH)
        return HPyBytes_FromStringAndSize(ctx, "", 0);
    return deflate_run(ctx, StreamObject_AsStruct(ctx, self), NULL, 0, mode);
}

static HPy field_or_empty(HPyContext *ctx, HPy self, HPyField f)
{
    if (HPyField_IsNull(f))
        return HPyBytes_FromStringAndSize(ctx, "", 0);
    return HPyField_Load(ctx, self, f);
}

HPyDef_GET(Decompress_unused_data, "unused_data", .doc = "Bytes after the end of the compressed stream.")
static HPy Decompress_unused_data_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return field_or_empty(ctx, self, StreamObject_AsStruct(ctx, self)->unused_data);
}

HPyDef_GET(Decompress_unconsumed_tail, "unconsumed_tail", .doc = "Input not yet decompressed because of max_length.")
static HPy Decompress_unconsumed_tail_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return field_or_empty(ctx, self, StreamObject_AsStruct(ctx, self)->unconsumed_tail);
}

HPyDef_GET(Decompress_eof, "eof", .doc = "True once the end of the compressed stream was reached.")
static HPy Decompress_eof_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyBool_FromLong(ctx, StreamObject_AsStruct(ctx, self)->eof);
}

/* Store `n` bytes at `p` (appended to what the field holds when `append`). */
static int store_bytes(HPyContext *ctx, HPy self, HPyField *f, const Bytef *p, size_t n, int append)
{
    HPy old = append && !HPyField_IsNull(*f) ? HPyField_Load(ctx, self, *f) : HPy_NULL, nb;
    HPy_ssize_t oldn = HPy_IsNull(old) ? 0 : HPyBytes_Size(ctx, old);
    char *buf = malloc((size_t)oldn + n + 1);
    if (buf == NULL) {
        if (!HPy_IsNull(old))
            HPy_Close(ctx, old);
        HPyErr_NoMemory(ctx);
        return -1;
    }
    if (oldn)
        memcpy(buf, HPyBytes_AsString(ctx, old), (size_t)oldn);
    if (n)
        memcpy(buf + oldn, p, n);
    if (!HPy_IsNull(old))
        HPy_Close(ctx, old);
    nb = HPyBytes_FromStringAndSize(ctx, buf, (HPy_ssize_t)(oldn + n));
    free(buf);
    if (HPy_IsNull(nb))
        return -1;
    HPyField_Store(ctx, self, f, nb);
    HPy_Close(ctx, nb);
    return 0;
}

/* Inflate `n` bytes at `data`, at most `max_length` bytes out (0: no
   limit); keeps unconsumed_tail, unused_data and eof up to date. */
static HPy inflate_run(HPyContext *ctx, HPy self, const Bytef *data, size_t n, HPy_ssize_t max_length, int mode)
{
    StreamObject *s = StreamObject_AsStruct(ctx, self);
    Out out = {0};
    int err = Z_OK;
    size_t limit = max_length > 0 ? (size_t)max_length : 0;
    s->zs.next_in = (Bytef *)data;
    s->zs.avail_in = (uInt)n;
    while (!s->eof) {
        if (limit && out.len >= limit)
            break;
        if (out_room(ctx, &out, &s->zs, limit && limit < DEF_BUF_SIZE ? limit : DEF_BUF_SIZE, limit) < 0) {
            free(out.data);
            return HPy_NULL;
        }
        err = inflate(&s->zs, mode);
        out_took(&out, &s->zs);
        if (err == Z_STREAM_END) {
            s->eof = 1;
            break;
        }
        if (err != Z_OK && err != Z_BUF_ERROR) {
            zlib_error(ctx, &s->zs, err, "decompressing data");
            free(out.data);
            return HPy_NULL;
        }
        if (s->zs.avail_in == 0 && s->zs.avail_out > 0)
            break;
        if (err == Z_BUF_ERROR && s->zs.avail_out > 0)
            break;
    }
    /* What input is left, as CPython keeps it: after the end it is added
       to unused_data; unconsumed_tail holds it when the output limit left
       some, and is rewritten whenever it was not empty. */
    {
        size_t left = n ? (size_t)((data + n) - s->zs.next_in) : 0;
        HPy tail = HPyField_IsNull(s->unconsumed_tail) ? HPy_NULL : HPyField_Load(ctx, self, s->unconsumed_tail);
        int tail_was_set = !HPy_IsNull(tail) && HPyBytes_Size(ctx, tail) > 0;
        if (!HPy_IsNull(tail))
            HPy_Close(ctx, tail);
        if (s->eof && left > 0 && store_bytes(ctx, self, &s->unused_data, s->zs.next_in, left, 1) < 0)
            goto fail;
        if (((!s->eof && left > 0) || tail_was_set) &&
            store_bytes(ctx, self, &s->unconsumed_tail, s->zs.next_in, left, 0) < 0)
            goto fail;
    }
    return out_bytes(ctx, &out);
fail:
    free(out.data);
    return HPy_NULL;
}

static const char *decomp_kw[] = {"", "max_length", NULL};

HPyDef_METH(Decompress_decompress, "decompress", HPyFunc_KEYWORDS,
            .doc = "decompress(data, /, max_length=0): decompressed data, at most max_length bytes if > 0.")
static HPy Decompress_decompress_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy data, b, r;
    HPyTracker ht;
    HPy_ssize_t max_length = 0;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|n:decompress", decomp_kw, &data, &max_length))
        return HPy_NULL;
    b = bytes_like(ctx, data);
    HPyTracker_Close(ctx, ht);
    if (HPy_IsNull(b))
        return HPy_NULL;
    if (max_length < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "max_length must be non-negative");
        HPy_Close(ctx, b);
        return HPy_NULL;
    }
    r = inflate_run(ctx, self, (const Bytef *)HPyBytes_AsString(ctx, b), (size_t)HPyBytes_Size(ctx, b), max_length,
                    Z_SYNC_FLUSH);
    HPy_Close(ctx, b);
    return r;
}

HPyDef_METH(Decompress_flush, "flush", HPyFunc_VARARGS, .doc = "flush(length=16384): decompress what input is left.")
static HPy Decompress_flush_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t length = DEF_BUF_SIZE;
    StreamObject *s;
    HPy tail, r;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|n:flush", &length))
        return HPy_NULL;
    if (length <= 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "length must be greater than zero");
        return HPy_NULL;
    }
    s = StreamObject_AsStruct(ctx, self);
    tail = field_or_empty(ctx, self, s->unconsumed_tail);
    if (HPy_IsNull(tail))
        return HPy_NULL;
    r = inflate_run(ctx, self, (const Bytef *)HPyBytes_AsString(ctx, tail), (size_t)HPyBytes_Size(ctx, tail), 0,
                    Z_FINISH);
    HPy_Close(ctx, tail);
    return r;
}

static HPyDef *Compress_defines[] = {&Stream_traverse, &Compress_destroy, &Compress_compress, &Compress_flush, NULL};
static HPyType_Spec Compress_spec = {
    .name = "hzlib.Compress",
    .doc = "A compression stream (from compressobj()).",
    .basicsize = sizeof(StreamObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Compress_defines,
};

static HPyDef *Decompress_defines[] = {
    &Stream_traverse, &Decompress_destroy, &Decompress_decompress, &Decompress_flush,
    &Decompress_unused_data, &Decompress_unconsumed_tail, &Decompress_eof, NULL,
};
static HPyType_Spec Decompress_spec = {
    .name = "hzlib.Decompress",
    .doc = "A decompression stream (from decompressobj()).",
    .basicsize = sizeof(StreamObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Decompress_defines,
};

static HPyGlobal CompressType, DecompressType;

/* A new stream object of the type in `type_global`. */
static HPy new_stream(HPyContext *ctx, HPyGlobal type_global, StreamObject **s)
{
    HPy type = HPyGlobal_Load(ctx, type_global), obj;
    if (HPy_IsNull(type))
        return HPy_NULL;
    obj = HPy_New(ctx, type, s);
    HPy_Close(ctx, type);
    return obj;
}

/* Give the stream its preset dictionary, unless `zdict` is None/empty. */
static int set_zdict(HPyContext *ctx, z_stream *zs, HPy zdict, int compressing)
{
    HPy b;
    int err;
    if (HPy_IsNull(zdict) || HPy_Is(ctx, zdict, ctx->h_None))
        return 0;
    b = bytes_like(ctx, zdict);
    if (HPy_IsNull(b))
        return -1;
    if (HPyBytes_Size(ctx, b) == 0) {
        HPy_Close(ctx, b);
        return 0;
    }
    err = (compressing ? deflateSetDictionary : inflateSetDictionary)(
        zs, (const Bytef *)HPyBytes_AsString(ctx, b), (uInt)HPyBytes_Size(ctx, b));
    HPy_Close(ctx, b);
    if (err != Z_OK) {
        zlib_error(ctx, zs, err, "setting zdict");
        return -1;
    }
    return 0;
}

static const char *compressobj_kw[] = {"level", "method", "wbits", "memLevel", "strategy", "zdict", NULL};

HPyDef_METH(z_compressobj, "compressobj", HPyFunc_KEYWORDS,
            .doc = "compressobj(level=-1, method=8, wbits=15, memLevel=8, strategy=0, zdict=None): a compression stream.")
static HPy z_compressobj_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    int level = Z_DEFAULT_COMPRESSION, method = Z_DEFLATED, wbits = MAX_WBITS, mem = 8, strategy = Z_DEFAULT_STRATEGY, err;
    HPy zdict = HPy_NULL, obj;
    HPyTracker ht;
    StreamObject *s;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "|iiiiiO:compressobj", compressobj_kw, &level, &method,
                              &wbits, &mem, &strategy, &zdict))
        return HPy_NULL;
    obj = new_stream(ctx, CompressType, &s);
    if (HPy_IsNull(obj))
        goto done;
    err = deflateInit2(&s->zs, level, method, wbits, mem, strategy);
    if (err != Z_OK) {
        HPy error = HPyGlobal_Load(ctx, ZlibError);
        HPyErr_SetString(ctx, err == Z_STREAM_ERROR ? ctx->h_ValueError : error,
                         err == Z_STREAM_ERROR ? "Invalid initialization option" : "Error while creating compression object");
        HPy_Close(ctx, error);
        HPy_Close(ctx, obj);
        obj = HPy_NULL;
        goto done;
    }
    s->ready = 1;
    if (set_zdict(ctx, &s->zs, zdict, 1) < 0) {
        HPy_Close(ctx, obj);
        obj = HPy_NULL;
    }
done:
    HPyTracker_Close(ctx, ht);
    return obj;
}

static const char *decompressobj_kw[] = {"wbits", "zdict", NULL};

HPyDef_METH(z_decompressobj, "decompressobj", HPyFunc_KEYWORDS,
            .doc = "decompressobj(wbits=15, zdict=b''): a decompression stream.")
static HPy z_decompressobj_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    int wbits = MAX_WBITS, err;
    HPy zdict = HPy_NULL, obj;
    HPyTracker ht;
    StreamObject *s;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "|iO:decompressobj", decompressobj_kw, &wbits, &zdict))
        return HPy_NULL;
    obj = new_stream(ctx, DecompressType, &s);
    if (HPy_IsNull(obj))
        goto done;
    err = inflateInit2(&s->zs, wbits);
    if (err != Z_OK) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "Invalid initialization option");
        HPy_Close(ctx, obj);
        obj = HPy_NULL;
        goto done;
    }
    s->ready = 1;
    /* A raw stream (negative wbits) takes its dictionary now; a zlib
       stream asks for it, which this module does not support yet. */
    if (wbits < 0 && set_zdict(ctx, &s->zs, zdict, 0) < 0) {
        HPy_Close(ctx, obj);
        obj = HPy_NULL;
    }
done:
    HPyTracker_Close(ctx, ht);
    return obj;
}

/* ---- the module ---------------------------------------------------------- */

static int add_int(HPyContext *ctx, HPy module, const char *name, long value)
{
    HPy v = HPyLong_FromLong(ctx, value);
    int r;
    if (HPy_IsNull(v))
        return -1;
    r = HPy_SetAttr_s(ctx, module, name, v);
    HPy_Close(ctx, v);
    return r;
}

HPyDef_SLOT(hzlib_exec, HPy_mod_exec)
static int hzlib_exec_impl(HPyContext *ctx, HPy module)
{
    static const struct { const char *name; long value; } ints[] = {
        {"MAX_WBITS", MAX_WBITS}, {"DEFLATED", Z_DEFLATED}, {"DEF_MEM_LEVEL", 8}, {"DEF_BUF_SIZE", DEF_BUF_SIZE},
        {"Z_NO_COMPRESSION", Z_NO_COMPRESSION}, {"Z_BEST_SPEED", Z_BEST_SPEED},
        {"Z_BEST_COMPRESSION", Z_BEST_COMPRESSION}, {"Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION},
        {"Z_FILTERED", Z_FILTERED}, {"Z_HUFFMAN_ONLY", Z_HUFFMAN_ONLY}, {"Z_RLE", Z_RLE}, {"Z_FIXED", Z_FIXED},
        {"Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY}, {"Z_NO_FLUSH", Z_NO_FLUSH}, {"Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH},
        {"Z_SYNC_FLUSH", Z_SYNC_FLUSH}, {"Z_FULL_FLUSH", Z_FULL_FLUSH}, {"Z_FINISH", Z_FINISH}, {"Z_BLOCK", Z_BLOCK},
        {"Z_TREES", Z_TREES},
    };
    HPy error, t;
    size_t i;
    for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (add_int(ctx, module, ints[i].name, ints[i].value) < 0)
            return -1;
    error = HPyErr_NewException(ctx, "hzlib.error", ctx->h_Exception, HPy_NULL);
    if (HPy_IsNull(error))
        return -1;
    HPyGlobal_Store(ctx, &ZlibError, error);
    i = (size_t)HPy_SetAttr_s(ctx, module, "error", error);
    HPy_Close(ctx, error);
    if ((int)i < 0)
        return -1;
    t = HPyType_FromSpec(ctx, &Compress_spec, NULL);
    if (HPy_IsNull(t))
        return -1;
    HPyGlobal_Store(ctx, &CompressType, t);
    HPy_Close(ctx, t);
    t = HPyType_FromSpec(ctx, &Decompress_spec, NULL);
    if (HPy_IsNull(t))
        return -1;
    HPyGlobal_Store(ctx, &DecompressType, t);
    HPy_Close(ctx, t);
    return 0;
}

static HPyDef *defines[] = {
    &z_compress, &z_decompress, &z_crc32, &z_adler32, &z_compressobj, &z_decompressobj, &hzlib_exec, NULL,
};
static HPyGlobal *globals[] = {&ZlibError, &CompressType, &DecompressType, NULL};
static HPyModuleDef moduledef = {
    .doc = "zlib's API on Hilt: deflate compression through the system's zlib.",
    .defines = defines,
    .globals = globals,
};

HPy_MODINIT(hzlib, moduledef)
