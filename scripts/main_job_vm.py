"""The Hilt VM's side of the main job, run by `hilt run` with the directory
of interop.hpy0.so on PYTHONPATH: the same results and the same three
timings as main_job.py's measure() (a loop calling the callable, as timeit
does), printed as two lines main_job.py reads back."""
import time

import interop as mod

CALLS = 200000


def per_call_ns(f):
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(CALLS):
            f()
        t = (time.perf_counter() - t0) / CALLS * 1e9
        if best is None or t < best:
            best = t
    return best


def add3():
    return mod.add3(1, 2, 3)


p = mod.Point(3, 4)
print(repr([mod.noargs(), mod.add3(1, 2, 3), mod.greet("hilt"), repr(p), p + p]))
print(per_call_ns(mod.noargs), per_call_ns(add3), per_call_ns(p.norm1))
