"""ported-exts/hzlib (zlib's API over the system zlib): one-shot functions,
streams with flush modes and output limits, zdict, the error type, the
constants, bad input."""
from _check import Lcg, show, show_type
import hzlib as m

rng = Lcg(3)
text = "".join("line %d of some text, alpha beta gamma\n" % rng.next(50) for _ in range(400)).encode()
noise = bytes(rng.next(256) for _ in range(3000))
for name, data in [("empty", b""), ("text", text), ("noise", noise), ("zeros", bytes(20000))]:
    for level in [-1, 0, 1, 9]:
        c = m.compress(data, level)
        print(name, level, len(c), m.crc32(c), m.decompress(c) == data)
    for wbits in [9, 15, -15, 31]:
        c = m.compress(data, 6, wbits)
        print(name, "wbits", wbits, len(c), m.crc32(c), m.decompress(c, wbits) == data)
    print(name, "checksums", m.crc32(data), m.adler32(data), m.crc32(data, 12345), m.adler32(data, 7))
c = m.compressobj(6, m.DEFLATED, 15)
parts = [c.compress(text[i:i + 1000]) for i in range(0, len(text), 1000)]
parts.append(c.flush(m.Z_SYNC_FLUSH))
parts.append(c.compress(b"tail"))
parts.append(c.flush())
stream = b""
for p in parts:     # (no bytes.join on the VM)
    stream += p
print("stream", [len(p) for p in parts], m.crc32(stream))
d = m.decompressobj()
out = d.decompress(stream[:500], 100)
print("limited", len(out), len(d.unconsumed_tail), d.eof)
rest = d.decompress(d.unconsumed_tail + stream[500:] + b"extra")
print("rest", len(out) + len(rest), (out + rest) == text + b"tail", d.eof, d.unused_data, d.flush())
zdict = b"alpha beta gamma delta"
data = b"alpha beta alpha gamma delta " * 50
c = m.compressobj(zdict=zdict, wbits=-15)
out = c.compress(data) + c.flush()
print("zdict", len(out), m.crc32(out), m.decompressobj(wbits=-15, zdict=zdict).decompress(out) == data)
GOOD = m.compress(b"some data " * 100)
show("not compressed", m.decompress, b"not compressed at all")
show("truncated", m.decompress, GOOD[:-5])
show("corrupt", m.decompress, GOOD[:10] + b"\xff" * 10 + GOOD[20:])
show("wbits 8", m.decompress, GOOD, 8)
show("bufsize -1", m.decompress, GOOD, bufsize=-1)
show_type("compress a str", m.compress, "text is not bytes")
show("level 42", m.compress, b"x", 42)
show_type("crc32 of an int", m.crc32, 12)
show("compressobj level 42", m.compressobj, level=42)
show("method 3", m.compressobj, method=3)
show("decompressobj wbits 99", m.decompressobj, wbits=99)
show("max_length -1", m.decompressobj().decompress, b"x", -1)
show("flush(0)", m.decompressobj().flush, 0)
print("error", issubclass(m.error, Exception), m.error.__name__)
show("garbage", m.decompress, b"garbage!")
print("constants", [getattr(m, name) for name in ["MAX_WBITS", "DEFLATED", "DEF_MEM_LEVEL", "DEF_BUF_SIZE",
      "Z_BEST_SPEED", "Z_BEST_COMPRESSION", "Z_DEFAULT_COMPRESSION", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE",
      "Z_FIXED", "Z_NO_FLUSH", "Z_SYNC_FLUSH", "Z_FULL_FLUSH", "Z_FINISH", "Z_BLOCK"]])
