"""Times calls into the benchmark extension on whatever runtime runs this
file: the Hilt VM (`hilt run`), CPython with Hilt (`python -m hilt run`) or
PyPy (`pypy3`, cpyext). Written in the subset of Python the VM runs (no
stdlib beyond sys and time).

Usage: calls.py hpy|capi NUMBER RUNS. `hpy` imports bench_hpy (the
.hpy0.so), `capi` imports bench_capi (the C-API build PyPy loads). For each
operation, each run times a loop making NUMBER calls and the same loop with
the call replaced by nothing; prints `operation ns` lines: the median over
RUNS of (call loop - empty loop) / NUMBER.

calls.py hpy|capi count OPERATION NUMBER: the loop of one operation
(`empty` for the empty loop) run WARM_UP times, then NUMBER times, and
nothing printed: bench.py --instructions runs it under callgrind at two
NUMBERs and takes the difference."""
import sys
import time

if sys.argv[1] == "capi":
    import bench_capi as mod
else:
    import bench_hpy as mod



def empty(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        pass


def noargs(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        f0()


def onearg(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        f1(1)


def varargs(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        fv(1, 2)


def keywords(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        fk(1, b=2)


def method(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        p.norm()


def allocation(n, f0, f1, fv, fk, p, P):
    for _ in range(n):
        P()


OPS = [("noargs", noargs), ("one arg", onearg), ("varargs", varargs), ("keywords", keywords),
       ("method on instance", method), ("allocation", allocation)]
ARGS = (mod.noargs, mod.onearg, mod.varargs, mod.keywords, mod.Point(), mod.Point)


def timed(loop, n):
    t = time.perf_counter()
    loop(n, *ARGS)
    return time.perf_counter() - t


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


WARM_UP = 3000

if sys.argv[2] == "count":
    loop = {"empty": empty, **dict(OPS)}[sys.argv[3]]
    loop(WARM_UP, *ARGS)
    loop(int(sys.argv[4]), *ARGS)
    sys.exit(0)

NUMBER, RUNS = int(sys.argv[2]), int(sys.argv[3])
for name, loop in OPS:
    timed(loop, NUMBER // 10)   # warm up (and let a JIT compile the loop)
    timed(empty, NUMBER // 10)
    samples = []
    for _ in range(RUNS):
        samples.append((timed(loop, NUMBER) - timed(empty, NUMBER)) / NUMBER * 1e9)
    print(name, "%.2f" % max(median(samples), 0.0))
