#!/usr/bin/env python3
"""The VM benchmark command: every tests/vm-corpus/bench_*.py program under
CPython, PyPy (`pypy3`, when installed) and `hilt run` (release build;
interpreted, `hilt`, and with the JIT on, `hilt-jit`), with
a larger size argument than the corpus uses. Prints the median wall time of
N runs per runtime and the ratio to CPython (lower is faster).

    cargo build --release -p hilt-vm && python3 backend-native-vm/bench.py [--runs N] [--cpu]
        [--quick] [--no-pypy] [--hilt PATH]

--quick runs the programs at the corpus's own sizes (a smoke run: the
tests do it with the debug binary); --hilt picks another hilt binary.

Outputs are compared too: a runtime whose output differs from CPython's is
marked, never timed silently. With --cpu the times are the child's user +
system CPU time instead of wall time: steadier on a machine shared with
other work, where wall time includes waiting for a core.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "tests", "vm-corpus")
HILT = os.path.join(HERE, "..", "target", "release", "hilt")

# Size argument per benchmark: CPython needs about 0.3-2 s for each, so
# start-up time does not dominate.
SIZES = {
    "bench_nbody.py": "200000",
    "bench_spectral_norm.py": "250",
    "bench_fannkuch.py": "9",
    "bench_nqueens.py": "8",
    "bench_richards.py": "20000",
    "bench_float.py": "200000",
    "bench_chaos.py": "400000",
    "bench_deltablue.py": "12000",
    "bench_raytrace.py": "100",
    "bench_json.py": "4000",
    "bench_tokenizer.py": "20000",
}


def timed(cmd, cpu=False):
    """Run one benchmark process: (seconds, stdout, exit status, peak RSS
    in MiB, stderr). The child is reaped with wait4, so its rusage (CPU
    time, peak RSS) is its own: RUSAGE_CHILDREN would give the largest
    peak of all children so far."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        pid = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=CORPUS).pid
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        dt = usage.ru_utime + usage.ru_stime if cpu else wall
        return dt, out.read(), os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, err.read()


def compile_ms(stderr):
    """The JIT's compile time from a `--jit-stats` line (0 without one)."""
    for line in stderr.splitlines():
        if line.startswith("hilt jit:"):
            for kv in line.split():
                if kv.startswith("compile_ms="):
                    return float(kv.split("=", 1)[1])
    return 0.0


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    cpu = "--cpu" in sys.argv
    # --quick: the corpus's own small sizes (a smoke run, as the tests do).
    sizes = {p: None for p in SIZES} if "--quick" in sys.argv else SIZES
    hilt = os.path.abspath(sys.argv[sys.argv.index("--hilt") + 1]) if "--hilt" in sys.argv else HILT
    if not os.path.exists(hilt):
        sys.exit(f"no hilt binary at {hilt}: build first (cargo build --release -p hilt-vm) or pass --hilt PATH")
    runtimes = [("cpython", [os.environ.get("HILT_TEST_PYTHON", "python3")])]
    if shutil.which("pypy3") and "--no-pypy" not in sys.argv:
        runtimes.append(("pypy", ["pypy3"]))
    # The VM interpreted, and with its JIT on (machine code for hot code).
    runtimes.append(("hilt", [hilt, "--jit=off", "run"]))
    runtimes.append(("hilt-jit", [hilt, "--jit=on", "--jit-stats", "run"]))
    header = f"{'benchmark':<24}" + "".join(f"{n + ' s':>12}" for n, _ in runtimes) + "".join(f"{n + '/cpy':>14}" for n, _ in runtimes[1:])
    print("CPU time (user + system)" if cpu else "wall time")
    print(header)
    ratios = {n: [] for n, _ in runtimes[1:]}
    extras = []
    for prog in sorted(sizes):
        meds, rss, jit_ms, ref_out, notes = {}, {}, [], None, []
        for name, cmd in runtimes:
            samples, peaks = [], []
            for _ in range(runs):
                args = [prog] if sizes[prog] is None else [prog, sizes[prog]]
                dt, out, rc, peak, err = timed(cmd + args, cpu)
                samples.append(dt)
                peaks.append(peak)
                if name == "hilt-jit":
                    jit_ms.append(compile_ms(err))
            if ref_out is None:
                ref_out = out
            elif out != ref_out:
                notes.append(f"{name} output differs")
            meds[name] = statistics.median(samples)
            rss[name] = max(peaks)
        row = f"{prog[6:-3]:<24}" + "".join(f"{meds[n]:>12.3f}" for n, _ in runtimes)
        for n, _ in runtimes[1:]:
            r = meds[n] / meds["cpython"]
            ratios[n].append(r)
            row += f"{r:>14.2f}"
        print(row + ("  " + "; ".join(notes) if notes else ""))
        extras.append((prog[6:-3], rss, statistics.median(jit_ms) if jit_ms else 0.0))
    geo = "".join(f"{statistics.geometric_mean(r):>14.2f}" for r in ratios.values())
    print(f"{'geometric mean':<24}" + " " * 12 * len(runtimes) + geo)
    print()
    print("peak RSS (MiB) per runtime, and the JIT's compile time (ms, median) with hilt-jit")
    print(f"{'benchmark':<24}" + "".join(f"{n:>12}" for n, _ in runtimes) + f"{'jit compile':>14}")
    for name, rss, ms in extras:
        print(f"{name:<24}" + "".join(f"{rss[n]:>12.1f}" for n, _ in runtimes) + f"{ms:>14.1f}")

if __name__ == "__main__":
    main()
