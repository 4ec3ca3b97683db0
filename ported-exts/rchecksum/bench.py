"""rchecksum (Rust) against zlib's crc32/adler32 (C) on CPython, in one
process. Usage: bench.py [--quick]; HILT_PORTED_EXTS names the directory
holding rchecksum.hpy0.so."""
import pathlib
import random
import sys
import zlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import bench_common  # noqa: E402


def workloads(mod, big, small):
    return {
        f"crc32 {len(big) >> 10} KiB": lambda: mod.crc32(big),
        f"adler32 {len(big) >> 10} KiB": lambda: mod.adler32(big),
        "crc32 16 bytes x1000": lambda: [mod.crc32(small) for _ in range(1000)],
    }


if __name__ == "__main__":
    rng = random.Random(1)
    big = rng.randbytes((64 if bench_common.quick() else 4096) << 10)
    small = big[:16]
    bench_common.compare("zlib (C API)", "rchecksum", workloads(zlib, big, small),
                         workloads(bench_common.load("rchecksum"), big, small))
