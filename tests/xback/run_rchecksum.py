"""ported-exts/rchecksum (Rust, crc32fast/adler ports): checksums of data of
many sizes, running values, bad input, the panic barrier, docs."""
from _check import Lcg, show, show_type
import rchecksum as m

rng = Lcg(7)
for size in [0, 1, 3, 15, 16, 17, 64, 1000, 65536, 1 << 20]:
    data = bytes(rng.next(256) for _ in range(min(size, 4096))) * (size // 4096 if size > 4096 else 1)
    value = rng.next(2**32)
    cut = len(data) // 3
    print(size, len(data), m.crc32(data), m.adler32(data), m.crc32(data, value), m.adler32(data, value),
          m.crc32(data[cut:], m.crc32(data[:cut])) == m.crc32(data),
          m.adler32(data[cut:], m.adler32(data[:cut])) == m.adler32(data))
print("text", m.crc32(b"hello world"), m.adler32(b"hello world"), m.crc32(b"hello", 2**32 - 1))
show("no args", m.crc32)
show("three args", m.crc32, b"x", 1, 2)
show_type("a str", m.crc32, "text")
show_type("an int", m.adler32, 12)
show("str seed", m.crc32, b"x", "seed")
show("panics", m.panics)
print("still works", m.crc32(b"still works"))
print("doc", m.__doc__)
print("crc32 doc", m.crc32.__doc__.split("\n")[0])
