"""Call cost into one extension on the Hilt VM, on CPython with Hilt and on
PyPy's cpyext, side by side (issue #6: the VM should take at most half of
CPython's time per call, and far less than PyPy's cpyext).

Builds benches/cpython_backend/bench_hpy.c ONCE with Hilt's headers (the
VM and CPython load that same .hpy0.so) and bench_capi.c, the equivalent
C-API extension, against PyPy's headers with PyPy's EXT_SUFFIX (pypy3-dev).
Then runs calls.py under each runtime: `hilt run` (release build of the
VM), `python -m hilt run`, `pypy3`. Prints ns per call and the ratios
VM/CPython and VM/PyPy. A runtime that cannot run is reported, not
simulated.

With --instructions, the VM and CPython+Hilt also run each operation's
loop under callgrind at two lengths: the difference, less the empty loop's,
is the instructions per call, which repeat exactly from run to run (times
on a shared machine do not). PyPy is left out there (its JIT's warm-up
under callgrind is not the one it has when timed).

Usage: bench.py [--quick] [--instructions] [--vm PATH] [--pypy PATH]"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = ROOT / "benches" / "cpython_backend"
CC = os.environ.get("CC", "cc")
OPS = ["noargs", "one arg", "varargs", "keywords", "method on instance", "allocation"]


def build_hpy(out):
    """bench_hpy.hpy0.so, with the build the CPython-backend benchmark uses."""
    sys.path.insert(0, str(SOURCES))
    try:
        import bench as cpython_bench
    finally:
        sys.path.pop(0)
    so = out / "bench_hpy.hpy0.so"
    subprocess.run([CC, "-shared", "-fPIC", "-O2", "-DHPY_ABI_UNIVERSAL", f"-I{cpython_bench.INCLUDE}",
                    f"-I{cpython_bench.INCLUDE / 'hpy' / 'forbid_python_h'}", str(SOURCES / "bench_hpy.c"),
                    *map(str, sorted((ROOT / "headers" / "src" / "runtime").glob("*.c"))), "-o", str(so)],
                   check=True)
    return so


def build_pypy_capi(pypy, out):
    """bench_capi.c against PyPy's headers, named with PyPy's EXT_SUFFIX;
    None (and why) when PyPy or its headers are missing."""
    if not pypy or not shutil.which(pypy):
        return None, f"{pypy or 'pypy3'} not found"
    info = subprocess.run([pypy, "-c", "import sysconfig; print(sysconfig.get_paths()['include']); "
                                       "print(sysconfig.get_config_var('EXT_SUFFIX'))"],
                          capture_output=True, text=True, check=True).stdout.split("\n")
    include, suffix = info[0], info[1]
    if not (pathlib.Path(include) / "Python.h").is_file():
        return None, f"no Python.h in {include} (Debian: apt-get install pypy3-dev)"
    so = out / ("bench_capi" + suffix)
    subprocess.run([CC, "-shared", "-fPIC", "-O2", f"-I{include}", str(SOURCES / "bench_capi.c"), "-o", str(so)],
                   check=True)
    return so, None


def run_calls(cmd, which, out, number, runs):
    """ns per operation from calls.py, or the error that stopped it."""
    proc = subprocess.run([*cmd, str(HERE / "calls.py"), which, str(number), str(runs)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(out)}, cwd=out)
    results = {}
    for line in proc.stdout.splitlines():
        name, _, value = line.rpartition(" ")
        results[name] = float(value)
    if proc.returncode != 0 or set(results) != set(OPS):
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"exit {proc.returncode}: {err}"
    return results, None


# The two loop lengths whose difference --instructions counts.
COUNTED = (20_000, 40_000)


def count_instructions(cmd, out):
    """Instructions per call of each operation under `cmd` (callgrind, the
    difference of two loop lengths, less the empty loop's), or the error
    that stopped it."""
    per_iteration = {}
    for op in ["empty", *OPS]:
        totals = []
        for n in COUNTED:
            proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out / 'callgrind.out'}",
                                   *cmd, str(HERE / "calls.py"), "hpy", "count", op, str(n)],
                                  capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)}, cwd=out)
            collected = [line for line in proc.stderr.splitlines() if "Collected :" in line]
            if proc.returncode != 0 or not collected:
                err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                return None, f"{op}: exit {proc.returncode}: {err}"
            totals.append(int(collected[-1].split()[-1]))
        per_iteration[op] = (totals[1] - totals[0]) / (COUNTED[1] - COUNTED[0])
    return {op: per_iteration[op] - per_iteration["empty"] for op in OPS}, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer iterations (a smoke run)")
    ap.add_argument("--vm", default=str(ROOT / "target" / "release" / "hilt"), help="the VM's hilt binary")
    ap.add_argument("--pypy", default="pypy3")
    ap.add_argument("--instructions", action="store_true", help="also count instructions per call under callgrind")
    args = ap.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    number, runs = (20_000, 3) if args.quick else (1_000_000, 7)
    with tempfile.TemporaryDirectory() as d:
        out = pathlib.Path(d)
        build_hpy(out)
        capi, pypy_problem = build_pypy_capi(args.pypy, out)
        columns = [("Hilt VM", [args.vm, "run"], "hpy"),
                   ("CPython+Hilt", [sys.executable, "-m", "hilt", "run"], "hpy"),
                   ("PyPy cpyext", [args.pypy], "capi")]
        results, problems = {}, {}
        for name, cmd, which in columns:
            if name == "PyPy cpyext" and capi is None:
                problems[name] = pypy_problem
                continue
            if name == "Hilt VM" and not pathlib.Path(args.vm).is_file():
                problems[name] = f"{args.vm} not built (cargo build --release -p hilt-vm)"
                continue
            print(f"timing {name} ...", flush=True)
            results[name], problems[name] = run_calls(cmd, which, out, number, runs)
        counts, uncounted = {}, {}
        if args.instructions:
            for name, cmd, _ in columns[:2]:
                if results.get(name) is None:
                    continue
                print(f"counting instructions under callgrind: {name} ...", flush=True)
                counts[name], uncounted[name] = count_instructions(cmd, out)
    print()
    print(f"ns per call (median of {runs} runs of {number} calls, empty loop subtracted); same .hpy0.so on the VM and "
          "CPython, the equivalent C-API build on PyPy")
    names = [c[0] for c in columns]
    print(f"{'operation':22}" + "".join(f"{n:>15}" for n in names) + f"{'VM/CPython':>13}{'VM/PyPy':>10}")
    for op in OPS:
        cells = [results[n][op] if results.get(n) else None for n in names]
        row = f"{op:22}" + "".join(f"{c:15.1f}" if c is not None else f"{'-':>15}" for c in cells)
        vm, cpy, pypy = cells

        def ratio(a, b):
            return f"{a / b:.2f}" if a is not None and b else "-"
        row += f"{ratio(vm, cpy):>13}{ratio(vm, pypy):>10}"
        print(row)
    for name, problem in problems.items():
        if problem:
            print(f"{name}: not measured: {problem}")
    if args.instructions:
        print_counts(counts, uncounted)


def print_counts(counts, uncounted):
    """The --instructions table: VM, CPython+Hilt, their ratio."""
    vm, cpy = counts.get("Hilt VM") or {}, counts.get("CPython+Hilt") or {}
    print()
    print(f"instructions per call (callgrind: loops of {COUNTED[1]} minus {COUNTED[0]} calls, less the empty loop's "
          "difference); the same .hpy0.so on both")
    print(f"{'operation':22}{'Hilt VM':>15}{'CPython+Hilt':>15}{'VM/CPython':>13}")

    def cell(c):
        return f"{c:15.0f}" if c is not None else f"{'-':>15}"
    for op in OPS:
        a, b = vm.get(op), cpy.get(op)
        r = f"{a / b:.2f}" if a is not None and b else "-"
        print(f"{op:22}{cell(a)}{cell(b)}{r:>13}")
    for name, problem in uncounted.items():
        if problem:
            print(f"{name}: instructions not counted: {problem}")


if __name__ == "__main__":
    main()
