"""api_text.c: the str and bytes API. Left out (see README.md): lone
surrogates and the surrogateescape handler (the VM's str holds only
scalar values), bytearray and memoryview, the utf-16 codec, and the
functions that compare raw data pointers (as_utf8_and_size,
bytes_as_string: debug mode hands out fresh copies on purpose)."""
from _check import outcome, show
import api_text as m

STRINGS = ["", "a", "hello", "héllo", "€uro", "😀 emoji", "mixed é€😀", "a\0b", "x" * 1000]


def brief(r):
    return repr(r[1]) if r[0] == "ok" else "!" + r[1]


for s in STRINGS:
    if "\0" not in s:
        print("from_string", repr(m.unicode_from_string(s.encode())) if len(s) < 100 else len(m.unicode_from_string(s.encode())))
print("stops at NUL", m.unicode_from_string(b"ab\0cd"))
show("undecodable", m.unicode_from_string, b"a\xffb")
print("unicode_check", [m.unicode_check(v) for v in ["x", "", b"x", 3, None]])
for s in STRINGS[:8]:
    print("encode", repr(s), brief(outcome(m.as_utf8_string, s)), brief(outcome(m.as_ascii_string, s)),
          brief(outcome(m.as_latin1_string, s)))
print("long", len(m.as_utf8_string("x" * 1000)), m.as_latin1_string("é\xff"))
show("ascii of é", m.as_ascii_string, "é")
show("latin1 of €", m.as_latin1_string, "€")
for fn in (m.as_ascii_string, m.as_latin1_string, m.as_utf8_string):
    print("of bytes", brief(outcome(fn, b"bytes")))
full = "h\xe9l\u03b1 \u20ac!"
print("from_wide_char", m.from_wide_char(-1) == full, [m.from_wide_char(n) for n in range(len(full) + 1)])
for s in ["plain", "dir/fïle.txt"]:
    print("fs default", repr(m.decode_fs_default(s.encode())), m.encode_fs_default(s))
print("fs and size", repr(m.decode_fs_default_and_size(b"abcdef", 3)), repr(m.decode_fs_default_and_size(b"", 0)))
print("encode fs of bytes", brief(outcome(m.encode_fs_default, b"x")))
for s in ["héllo😀", "abc", "\U0010ffff\x00"]:
    print("read_char", [m.read_char(s, i) for i in range(len(s))],
          [brief(outcome(m.read_char, s, i)) for i in (len(s), -1, 2**40)])
print("read_char of bytes", brief(outcome(m.read_char, b"abc", 0)))
for name in ["decode_ascii", "decode_latin1"]:
    fn = getattr(m, name)
    for raw in [b"", b"abc", b"a\xffb", b"\x80\x00\x7f"]:
        print(name, raw, [brief(outcome(fn, raw, errors)) for errors in [None, "strict", "replace", "ignore"]])
    print(name, "all bytes", brief(outcome(fn, bytes(range(256)), "replace")))
show("no such handler", m.decode_ascii, b"\xff", "no-such-handler")
print("from_encoded_object", m.from_encoded_object(b"h\xc3\xa9", None, None),
      m.from_encoded_object(b"\xe9", "latin-1", None), m.from_encoded_object(b"a\xffb", "utf-8", "replace"))
print("from_encoded_object errors", [outcome(m.from_encoded_object, *a)[:2] for a in
                                     [(b"\xff", "utf-8", None), ("already str", None, None), (3, None, None),
                                      (b"x", "no-such-codec", None)]])
for s in ["", "abcdef", "héllo€😀x"]:
    ok = all(m.substring(s, a, b) == s[a:b] for a in range(len(s) + 2) for b in range(len(s) + 3))
    print("substring", repr(s), ok, m.substring(s, 1, 4))
show("substring -1", m.substring, "abc", -1, 2)
print("substring of bytes", brief(outcome(m.substring, b"abc", 0, 1)))
BYTES = [b"", b"a", b"abc", b"a\0b\0", bytes(range(256)), b"x" * 10000]
print("bytes_check", [m.bytes_check(v) for v in [b"", "x", None]])
print("bytes sizes", [(m.bytes_size(b), m.bytes_get_size(b)) for b in BYTES],
      [brief(outcome(m.bytes_size, v)) for v in ["x", 3]])
print("from_string", m.bytes_from_string(b"hello"), m.bytes_from_string(b"ab\0cd"), m.bytes_from_string(b""))
print("from_string_and_size", all(m.bytes_from_string_and_size(b, n) == b[:n] for b in BYTES for n in {0, len(b) // 2, len(b)}),
      m.bytes_from_string_and_size(None, 5), m.bytes_from_string_and_size(None, 0),
      m.bytes_from_string_and_size(None, 100000) == bytes(100000))
print("negative size", brief(outcome(m.bytes_from_string_and_size, b"x", -1)))
for name in ["Unicode_FromString", "Unicode_AsUTF8String", "Unicode_AsUTF8AndSize", "Unicode_ReadChar",
             "Unicode_DecodeFSDefault", "Unicode_Substring", "Bytes_FromString", "Bytes_Size", "Bytes_AsString"]:
    show("with_null " + name, m.with_null, name)
print("harmless", m.with_null("predicates"), repr(m.with_null("empty")))
show("arity read_char", m.read_char, "a")
