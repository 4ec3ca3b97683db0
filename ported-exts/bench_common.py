"""What every ported extension's bench.py shares: load NAME.hpy0.so from
HILT_PORTED_EXTS and print, per workload, the reference module's time, the
extension's time and their ratio, measured in one process."""
import os
import pathlib
import sys
import timeit

import hilt


def load(name):
    return hilt.load(name, pathlib.Path(os.environ.get("HILT_PORTED_EXTS", ".")) / f"{name}.hpy0.so")


def quick():
    return "--quick" in sys.argv[1:]


def compare(reference, name, theirs, ours):
    """theirs/ours: {workload: callable} for the reference (named as its
    column reads, e.g. "heapq (C API)") and the extension."""
    number, repeat = (2, 2) if quick() else (10, 5)
    ref_col, our_col = reference, f"{name} (Hilt)"
    print(f"{'operation':32}{ref_col:>20}{our_col:>20}{'ratio':>8}")
    for op in ours:
        t_ref = min(timeit.repeat(theirs[op], number=number, repeat=repeat)) / number * 1e9
        t_our = min(timeit.repeat(ours[op], number=number, repeat=repeat)) / number * 1e9
        print(f"{op:32}{t_ref:20.0f}{t_our:20.0f}{t_our / t_ref:8.2f}")
    print(f"(ns per operation on CPython; ratio = {name} time / reference time; "
          "the same binary on the Hilt VM: scripts/main_job_ported.py, at the end of the main job)")
