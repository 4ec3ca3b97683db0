"""hzlib against the standard library's zlib (C) on CPython, in one
process. Usage: bench.py [--quick]; HILT_PORTED_EXTS names the directory
holding hzlib.hpy0.so."""
import pathlib
import random
import sys
import zlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import bench_common  # noqa: E402


def workloads(mod, text, small):
    packed = zlib.compress(text)

    def stream():
        c = mod.compressobj(6)
        out = b"".join(c.compress(text[i:i + 4096]) for i in range(0, len(text), 4096)) + c.flush()
        d = mod.decompressobj()
        return d.decompress(out) + d.flush()

    return {
        f"compress {len(text) >> 10} KiB": lambda: mod.compress(text),
        f"decompress {len(text) >> 10} KiB": lambda: mod.decompress(packed),
        f"crc32 {len(text) >> 10} KiB": lambda: mod.crc32(text),
        f"stream 4 KiB chunks": stream,
        "compress 100 bytes x100": lambda: [mod.compress(small) for _ in range(100)],
    }


if __name__ == "__main__":
    rng = random.Random(1)
    words = [b"alpha", b"beta", b"gamma", b"delta", b"hilt", b"\n"]
    size = 64 if bench_common.quick() else 1024
    text = b" ".join(rng.choice(words) for _ in range(size * 170))
    small = text[:100]
    bench_common.compare("zlib (C API)", "hzlib", workloads(zlib, text, small), workloads(bench_common.load("hzlib"), text, small))
