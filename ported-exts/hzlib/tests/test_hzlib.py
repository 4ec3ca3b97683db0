"""hzlib against the standard library's zlib: the same bytes out for many
inputs, levels, window sizes, chunkings and flush modes, the same kinds of
errors for bad input, in universal and debug mode; no handle leaks."""
import random
import zlib

import pytest

import hilt.debug

SEEDS = range(25)


def random_data(rng):
    kind = rng.choice(["text", "random", "zeros", "empty", "mixed"])
    n = rng.randrange(0, 50_000)
    if kind == "text":
        words = [b"alpha", b"beta", b"gamma", b"delta", b"hilt", b"\n"]
        return b" ".join(rng.choice(words) for _ in range(n // 6))
    if kind == "random":
        return rng.randbytes(n)
    if kind == "zeros":
        return bytes(n)
    if kind == "empty":
        return b""
    return rng.randbytes(n // 2) + bytes(n // 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_one_shot_functions_equal_zlibs(mod, seed):
    rng = random.Random(seed)
    data = random_data(rng)
    level = rng.choice([-1, 0, 1, 6, 9])
    wbits = rng.choice([15, 9, -15, 31])
    c = mod.compress(data, level, wbits)
    assert c == zlib.compress(data, level, wbits)
    assert mod.decompress(c, wbits) == data
    assert mod.decompress(c, wbits=wbits, bufsize=rng.choice([1, 100, 16384])) == data
    value = rng.randrange(2**32)
    assert mod.crc32(data) == zlib.crc32(data)
    assert mod.crc32(data, value) == zlib.crc32(data, value)
    assert mod.adler32(data) == zlib.adler32(data)
    assert mod.adler32(data, value) == zlib.adler32(data, value)
    assert mod.crc32(bytearray(data)) == zlib.crc32(data)
    assert mod.compress(memoryview(data)) == zlib.compress(data)


@pytest.mark.parametrize("seed", SEEDS)
def test_streams_equal_zlibs(mod, seed):
    rng = random.Random(1000 + seed)
    data = random_data(rng)
    chunks, pos = [], 0
    while pos < len(data) or not chunks:
        step = rng.randrange(1, 5000)
        chunks.append(data[pos:pos + step])
        pos += step
    level, strategy = rng.choice([-1, 1, 9]), rng.choice([zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED])
    ours, theirs = mod.compressobj(level, strategy=strategy), zlib.compressobj(level, strategy=strategy)
    out_ours, out_theirs = b"", b""
    for chunk in chunks:
        out_ours += ours.compress(chunk)
        out_theirs += theirs.compress(chunk)
        if rng.random() < 0.2:
            mode = rng.choice([zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH])
            out_ours += ours.flush(mode)
            out_theirs += theirs.flush(mode)
    out_ours += ours.flush()
    out_theirs += theirs.flush()
    assert out_ours == out_theirs

    # Decompress in pieces, with and without max_length, extra bytes after.
    stream = out_theirs + b"trailing bytes"
    d_ours, d_theirs = mod.decompressobj(), zlib.decompressobj()
    got_ours, got_theirs = b"", b""
    pos = 0
    while pos < len(stream):
        step = rng.randrange(1, 3000)
        piece = stream[pos:pos + step]
        pos += step
        limit = rng.choice([0, 0, 7, 1000])
        got_ours += d_ours.decompress(d_ours.unconsumed_tail + piece, limit)
        got_theirs += d_theirs.decompress(d_theirs.unconsumed_tail + piece, limit)
        assert d_ours.unconsumed_tail == d_theirs.unconsumed_tail
        assert d_ours.eof == d_theirs.eof
    got_ours += d_ours.flush()
    got_theirs += d_theirs.flush()
    assert got_ours == got_theirs == data
    # (Input passed again after the end adds to unused_data, in both.)
    assert d_ours.unused_data == d_theirs.unused_data and d_ours.unused_data.startswith(b"trailing bytes")
    assert d_ours.eof


def test_zdict_round_trip(mod):
    zdict = b"alpha beta gamma delta"
    data = b"alpha beta alpha gamma delta " * 50
    c = mod.compressobj(zdict=zdict, wbits=-15)
    out = c.compress(data) + c.flush()
    t = zlib.compressobj(zdict=zdict, wbits=-15)
    assert out == t.compress(data) + t.flush()
    d = mod.decompressobj(wbits=-15, zdict=zdict)
    assert d.decompress(out) == data


def outcome(fn, *args, **kw):
    try:
        return "ok", fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 - comparing any outcome
        return "err", type(e).__name__


GOOD = zlib.compress(b"some data " * 100)


@pytest.mark.parametrize("call", [
    lambda m: m.decompress(b"not compressed at all"),
    lambda m: m.decompress(GOOD[:-5]),
    lambda m: m.decompress(GOOD[:10] + b"\xff" * 10 + GOOD[20:]),
    lambda m: m.decompress(GOOD, 8),
    lambda m: m.decompress(GOOD, bufsize=-1),
    lambda m: m.compress("text is not bytes"),
    lambda m: m.compress(b"x", 42),
    lambda m: m.crc32(12),
    lambda m: m.compressobj(level=42),
    lambda m: m.compressobj(method=3),
    lambda m: m.decompressobj(wbits=99),
    lambda m: m.decompressobj().decompress(b"x", -1),
    lambda m: m.decompressobj().flush(0),
])
def test_bad_input_raises_what_zlib_raises(mod, call):
    assert outcome(call, mod) == outcome(call, zlib)


def test_error_is_its_own_exception_type(mod):
    assert issubclass(mod.error, Exception)
    with pytest.raises(mod.error, match=r"Error -3 while decompressing data"):
        mod.decompress(b"garbage!")


def test_constants_equal_zlibs(mod):
    for name in ["MAX_WBITS", "DEFLATED", "DEF_MEM_LEVEL", "DEF_BUF_SIZE", "Z_BEST_SPEED", "Z_BEST_COMPRESSION",
                 "Z_DEFAULT_COMPRESSION", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE", "Z_FIXED", "Z_NO_FLUSH",
                 "Z_SYNC_FLUSH", "Z_FULL_FLUSH", "Z_FINISH", "Z_BLOCK"]:
        assert getattr(mod, name) == getattr(zlib, name), name


def test_no_handle_leaks_in_debug_mode(mod_debug):
    z = mod_debug
    rng = random.Random(3)
    with hilt.debug.LeakDetector():
        for _ in range(10):
            data = random_data(rng)
            z.decompress(z.compress(data))
            c = z.compressobj()
            out = c.compress(data) + c.flush()
            d = z.decompressobj()
            d.decompress(out + b"x", 100)
            d.unconsumed_tail, d.unused_data, d.eof
            d.flush()
            z.crc32(data), z.adler32(bytearray(data))
        with pytest.raises(z.error):
            z.decompress(b"garbage!")
