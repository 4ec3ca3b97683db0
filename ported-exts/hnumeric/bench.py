"""hnumeric against the same computations on plain Python lists on
CPython, in one process (the scientific stack's C-API arrays are not in the
standard library: lists are the reference a user would otherwise write).
Usage: bench.py [--quick]; HILT_PORTED_EXTS names the directory holding
hnumeric.hpy0.so."""
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import bench_common  # noqa: E402


def list_workloads(v, m):
    return {
        f"add {len(v)} floats": lambda: [x + y for x, y in zip(v, v)],
        f"scale {len(v)} floats": lambda: [x * 2.5 for x in v],
        f"sum {len(v)} floats": lambda: sum(v),
        f"dot {len(m)}x{len(m)} @ vector": lambda: [sum(p * q for p, q in zip(row, v[:len(m)])) for row in m],
    }


def array_workloads(mod, v, m):
    a, b, x = mod.array(v), mod.array(m), mod.array(v[:len(m)])
    return {
        f"add {len(v)} floats": lambda: a + a,
        f"scale {len(v)} floats": lambda: a * 2.5,
        f"sum {len(v)} floats": a.sum,
        f"dot {len(m)}x{len(m)} @ vector": lambda: b.dot(x),
    }


if __name__ == "__main__":
    rng = random.Random(1)
    n = 1000 if bench_common.quick() else 100_000
    v = [rng.random() for _ in range(n)]
    k = 20 if bench_common.quick() else 200
    m = [[rng.random() for _ in range(k)] for _ in range(k)]
    bench_common.compare("Python lists", "hnumeric", list_workloads(v, m), array_workloads(bench_common.load("hnumeric"), v, m))
