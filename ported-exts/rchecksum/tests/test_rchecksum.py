"""rchecksum (Rust, crc32fast + adler) against zlib: the same checksums on
many inputs and start values, clear errors for bad input, a panic turned
into SystemError, in universal and debug mode; no handle leaks."""
import random
import zlib

import pytest

import hilt.debug

SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_checksums_equal_zlibs(mod, seed):
    rng = random.Random(seed)
    data = rng.randbytes(rng.choice([0, 1, 7, 64, 1000, 100_000]))
    value = rng.randrange(2**32)
    assert mod.crc32(data) == zlib.crc32(data)
    assert mod.adler32(data) == zlib.adler32(data)
    assert mod.crc32(data, value) == zlib.crc32(data, value)
    assert mod.adler32(data, value) == zlib.adler32(data, value)
    assert mod.crc32(bytearray(data)) == zlib.crc32(data)
    assert mod.adler32(memoryview(data)) == zlib.adler32(data)
    # Running values: a checksum continued over pieces.
    cut = len(data) // 3
    assert mod.crc32(data[cut:], mod.crc32(data[:cut])) == zlib.crc32(data)


@pytest.mark.parametrize("call, expected", [
    (lambda m: m.crc32(), "TypeError"),
    (lambda m: m.crc32(b"x", 1, 2), "TypeError"),
    (lambda m: m.crc32("text"), "TypeError"),
    (lambda m: m.adler32(12), "TypeError"),
    (lambda m: m.crc32(b"x", "seed"), "TypeError"),
])
def test_bad_input_raises_what_zlib_raises(mod, call, expected):
    with pytest.raises(Exception) as info:
        call(mod)
    assert type(info.value).__name__ == expected
    with pytest.raises(Exception) as ref:
        call(zlib)
    assert type(ref.value).__name__ == expected


def test_a_panic_is_a_system_error(mod):
    with pytest.raises(SystemError, match="panics: the Rust code panicked: this function always panics"):
        mod.panics()
    assert mod.crc32(b"still works") == zlib.crc32(b"still works")


def test_docs(mod):
    assert mod.__doc__ == "zlib-compatible crc32 and adler32, computed in Rust."
    assert mod.crc32.__doc__.startswith("crc32(data, value=0)")


def test_no_handle_leaks_in_debug_mode(mod_debug):
    with hilt.debug.LeakDetector():
        for n in range(50):
            data = bytes(range(n % 256)) * 10
            mod_debug.crc32(data, n)
            mod_debug.adler32(bytearray(data))
        with pytest.raises(TypeError):
            mod_debug.crc32("text")
        with pytest.raises(SystemError):
            mod_debug.panics()
