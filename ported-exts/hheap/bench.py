"""hheap against the standard library's heapq (C) on CPython, in one
process: ns per operation and the ratio to heapq. Usage: bench.py [--quick]
(HILT_PORTED_EXTS names the directory holding hheap.hpy0.so)."""
import heapq
import os
import pathlib
import random
import sys
import timeit

import hilt


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


def main():
    quick = "--quick" in sys.argv[1:]
    so = pathlib.Path(os.environ.get("HILT_PORTED_EXTS", ".")) / "hheap.hpy0.so"
    hheap = hilt.load("hheap", so)
    rng = random.Random(1)
    items = [rng.randrange(10**6) for _ in range(200 if quick else 2000)]
    number, repeat = (3, 2) if quick else (20, 5)
    ours, theirs = workloads(hheap, items), workloads(heapq, items)
    print(f"{'operation':28}{'heapq (C API)':>16}{'hheap (Hilt)':>16}{'ratio':>8}")
    for name in ours:
        t_ref = min(timeit.repeat(theirs[name], number=number, repeat=repeat)) / number * 1e9
        t_our = min(timeit.repeat(ours[name], number=number, repeat=repeat)) / number * 1e9
        print(f"{name:28}{t_ref:16.0f}{t_our:16.0f}{t_our / t_ref:8.2f}")
    print("(ns per operation; ratio = hheap time / heapq time; the Hilt VM column comes with issue #6)")


if __name__ == "__main__":
    main()
