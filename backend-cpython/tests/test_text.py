"""The str and bytes API (src/ctx/text.rs), through tests/exts/api_text.c,
checked against plain Python."""
import os

import pytest


@pytest.fixture(scope="module")
def mod(load_ext):
    return load_ext("api_text")


STRINGS = ["", "a", "hello", "héllo", "€uro", "😀 emoji", "mixed é€😀", "a\0b", "x" * 1000]


class S(str):
    pass


class B(bytes):
    pass


# ------------------------------------------------------------------- str

def test_unicode_from_string(mod):
    for s in STRINGS:
        if "\0" not in s:
            assert mod.unicode_from_string(s.encode()) == s
    assert mod.unicode_from_string(b"ab\0cd") == "ab"  # stops at the NUL
    with pytest.raises(UnicodeDecodeError):
        mod.unicode_from_string(b"a\xffb")


def test_unicode_check(mod):
    for v, want in [("x", True), ("", True), (S("s"), True), (b"x", False),
                    (bytearray(), False), (3, False), (None, False)]:
        assert mod.unicode_check(v) is want


def test_encoders(mod):
    for s in STRINGS:
        assert mod.as_utf8_string(s) == s.encode("utf-8")
        for name, enc in [("as_ascii_string", "ascii"), ("as_latin1_string", "latin-1")]:
            try:
                want = s.encode(enc)
            except UnicodeEncodeError:
                with pytest.raises(UnicodeEncodeError):
                    getattr(mod, name)(s)
            else:
                assert getattr(mod, name)(s) == want
    assert mod.as_latin1_string("é\xff") == b"\xe9\xff"
    with pytest.raises(UnicodeEncodeError):
        mod.as_utf8_string("\ud800")  # a lone surrogate
    for fn in (mod.as_ascii_string, mod.as_latin1_string, mod.as_utf8_string):
        with pytest.raises(TypeError):
            fn(b"bytes")
        assert fn(S("abc")) == b"abc"


@pytest.mark.universal_only("it compares raw data pointers; debug mode gives fresh protected copies")
def test_as_utf8_and_size(mod):
    for s in STRINGS:
        assert mod.as_utf8_and_size(s) == s.encode("utf-8")
    assert mod.as_utf8_and_size(S("sub")) == b"sub"
    with pytest.raises(UnicodeEncodeError):
        mod.as_utf8_and_size("\udcff")
    with pytest.raises(TypeError):
        mod.as_utf8_and_size(b"x")


def test_from_wide_char(mod):
    full = "h\xe9l\u03b1 \u20ac!"
    assert mod.from_wide_char(-1) == full
    for n in range(len(full) + 1):
        assert mod.from_wide_char(n) == full[:n]


def test_fs_default(mod):
    for s in ["plain", "dir/fïle.txt", "\udcff-undecodable"]:
        raw = os.fsencode(s)
        assert mod.decode_fs_default(raw) == os.fsdecode(raw)
        assert mod.encode_fs_default(s) == raw
    raw = b"abc\xffdef"
    assert mod.decode_fs_default(raw) == os.fsdecode(raw)
    assert mod.decode_fs_default_and_size(b"abcdef", 3) == "abc"
    assert mod.decode_fs_default_and_size(b"", 0) == ""
    with pytest.raises(TypeError):
        mod.encode_fs_default(b"x")


def test_read_char(mod):
    for s in ["héllo😀", "abc", "\U0010ffff\x00"]:
        for i, ch in enumerate(s):
            assert mod.read_char(s, i) == ord(ch)
        for i in (len(s), -1, 2**40):
            with pytest.raises(IndexError):
                mod.read_char(s, i)
    with pytest.raises(TypeError):
        mod.read_char(b"abc", 0)


@pytest.mark.parametrize("name,encoding", [("decode_ascii", "ascii"), ("decode_latin1", "latin-1")])
def test_decoders(mod, name, encoding):
    fn = getattr(mod, name)
    for raw in [b"", b"abc", b"a\xffb", b"\x80\x00\x7f", bytes(range(256))]:
        for errors in [None, "strict", "replace", "ignore", "surrogateescape"]:
            try:
                want = raw.decode(encoding, errors or "strict")
            except UnicodeDecodeError:
                with pytest.raises(UnicodeDecodeError):
                    fn(raw, errors)
            else:
                assert fn(raw, errors) == want, (raw, errors)
    with pytest.raises(LookupError):
        mod.decode_ascii(b"\xff", "no-such-handler")


def test_from_encoded_object(mod):
    assert mod.from_encoded_object(b"h\xc3\xa9", None, None) == "hé"  # UTF-8 by default
    assert mod.from_encoded_object(b"\xe9", "latin-1", None) == "é"
    assert mod.from_encoded_object(b"a\xffb", "utf-8", "replace") == "a\ufffdb"
    assert mod.from_encoded_object(bytearray(b"xy"), "ascii", None) == "xy"
    assert mod.from_encoded_object(memoryview(b"mv"), None, None) == "mv"
    assert mod.from_encoded_object("é".encode("utf-16"), "utf-16", None) == "é"
    with pytest.raises(UnicodeDecodeError):
        mod.from_encoded_object(b"\xff", "utf-8", None)
    with pytest.raises(TypeError):
        mod.from_encoded_object("already str", None, None)
    with pytest.raises(TypeError):
        mod.from_encoded_object(3, None, None)
    with pytest.raises(LookupError):
        mod.from_encoded_object(b"x", "no-such-codec", None)


def test_substring(mod):
    for s in ["", "abcdef", "héllo€😀x"]:
        for a in range(len(s) + 2):
            for b in range(len(s) + 3):
                assert mod.substring(s, a, b) == s[a:b], (s, a, b)
    assert mod.substring(S("subclass"), 0, 3) == "sub"
    with pytest.raises(IndexError):
        mod.substring("abc", -1, 2)
    with pytest.raises(TypeError):
        mod.substring(b"abc", 0, 1)


# ----------------------------------------------------------------- bytes

BYTES = [b"", b"a", b"abc", b"a\0b\0", bytes(range(256)), b"x" * 10000]


def test_bytes_check(mod):
    for v, want in [(b"", True), (B(b"x"), True), (bytearray(b"x"), False),
                    ("x", False), (memoryview(b"x"), False), (None, False)]:
        assert mod.bytes_check(v) is want


def test_bytes_size(mod):
    for b in BYTES + [B(b"sub")]:
        assert mod.bytes_size(b) == len(b)
        assert mod.bytes_get_size(b) == len(b)
    for v in [bytearray(b"x"), "x", 3]:
        with pytest.raises(TypeError):
            mod.bytes_size(v)


@pytest.mark.universal_only("it compares raw data pointers; debug mode gives fresh protected copies")
def test_bytes_as_string(mod):
    for b in BYTES + [B(b"sub")]:
        assert mod.bytes_as_string(b) == b
    for v in [bytearray(b"x"), "x", 3]:
        with pytest.raises(TypeError):
            mod.bytes_as_string(v)
    assert mod.bytes_AS_STRING(b"abc\0def") == b"abc"
    assert mod.bytes_AS_STRING(b"") == b""


def test_bytes_from_string(mod):
    assert mod.bytes_from_string(b"hello") == b"hello"
    assert mod.bytes_from_string(b"ab\0cd") == b"ab"
    assert mod.bytes_from_string(b"") == b""


def test_bytes_from_string_and_size(mod):
    for b in BYTES:
        for n in {0, len(b) // 2, len(b)}:
            assert mod.bytes_from_string_and_size(b, n) == b[:n]
    # NULL data gives a zero-filled bytes object of the requested size.
    assert mod.bytes_from_string_and_size(None, 5) == b"\0" * 5
    assert mod.bytes_from_string_and_size(None, 0) == b""
    assert mod.bytes_from_string_and_size(None, 100000) == bytes(100000)
    with pytest.raises(SystemError):
        mod.bytes_from_string_and_size(b"x", -1)


# ------------------------------------------------------ null pointers

@pytest.mark.parametrize("name", [
    "Unicode_FromString", "Unicode_AsUTF8String", "Unicode_AsUTF8AndSize",
    "Unicode_ReadChar", "Unicode_DecodeFSDefault", "Unicode_Substring",
    "Bytes_FromString", "Bytes_Size", "Bytes_AsString",
])
def test_null_arguments_raise_system_error(mod, name):
    with pytest.raises(SystemError, match="HPy"):
        mod.with_null(name)


def test_null_harmless_cases(mod):
    assert mod.with_null("predicates") == 0
    assert mod.with_null("empty") == ""
