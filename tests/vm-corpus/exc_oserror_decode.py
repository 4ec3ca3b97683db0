# OSError's attributes and str(), bytes.decode with error handlers, and
# repr() of characters that are not printable.


def attempt(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


for args in [(), ("msg",), (2, "No such file"), (2, "No such file", "f.txt"), (17, "File exists", "a", None, b"b"),
             (1, 2, 3, 4, 5, 6)]:
    e = OSError(*args)
    print(args, e.args, e.errno, e.strerror, e.filename, e.filename2, str(e))
try:
    raise OSError(13, "Permission denied", "/root")
except OSError as e:
    print(e, e.errno)

for data in [b"abc", b"a\xffb", b"h\xc3\xa9", b"\xe2\x82", b"a\xe2\x82b", b"\xc3(", b"\xed\xa0\x80"]:
    for enc in ["utf-8", "ascii", "latin-1"]:
        print(data, enc)
        for errors in ["strict", "replace", "ignore", "backslashreplace"]:
            attempt(f"  {errors}", lambda: data.decode(enc, errors))
attempt("unknown handler", lambda: b"\xff".decode("ascii", "no-such"))
attempt("unknown handler, no error", lambda: b"ok".decode("ascii", "no-such"))
attempt("unknown encoding", lambda: b"ok".decode("no-such-codec"))
attempt("keywords", lambda: b"a\xff".decode(encoding="utf-8", errors="replace"))
print(repr("\xa0\xad\u2028\u200b\ufeff\u3000 x\xe9\u20ac"), ascii("\xa0"))
