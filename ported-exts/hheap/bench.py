"""hheap against the standard library's heapq (C) on CPython, in one
process. Usage: bench.py [--quick]; HILT_PORTED_EXTS names the directory
holding hheap.hpy0.so."""
import heapq
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import bench_common  # noqa: E402


def workloads(mod, items):
    def push_pop_all():
        heap = []
        for x in items:
            mod.heappush(heap, x)
        while heap:
            mod.heappop(heap)

    return {
        f"push+pop {len(items)} ints": push_pop_all,
        f"heapify {len(items)} ints": lambda: mod.heapify(list(items)),
        f"nlargest 10 of {len(items)}": lambda: mod.nlargest(10, items),
        f"nsmallest 10 of {len(items)}": lambda: mod.nsmallest(10, items),
    }


if __name__ == "__main__":
    rng = random.Random(1)
    items = [rng.randrange(10**6) for _ in range(200 if bench_common.quick() else 2000)]
    bench_common.compare("heapq (C API)", "hheap", workloads(heapq, items), workloads(bench_common.load("hheap"), items))
