#!/usr/bin/env python3
"""The VM benchmark command: every tests/vm-corpus/bench_*.py program under
CPython, PyPy (`pypy3`, when installed) and `hilt run` (release build;
interpreted, `hilt`, and with the JIT on, `hilt-jit`), with
a larger size argument than the corpus uses. Prints the median wall time of
N runs per runtime and the ratio to CPython (lower is faster).

    cargo build --release -p hilt-vm && python3 backend-native-vm/bench.py [--runs N] [--cpu]

Outputs are compared too: a runtime whose output differs from CPython's is
marked, never timed silently. With --cpu the times are the child's user +
system CPU time instead of wall time: steadier on a machine shared with
other work, where wall time includes waiting for a core.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
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


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, cpu=False):
    t, c = time.perf_counter(), child_cpu()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=CORPUS)
    dt = child_cpu() - c if cpu else time.perf_counter() - t
    return dt, out.stdout, out.returncode


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    cpu = "--cpu" in sys.argv
    if not os.path.exists(HILT):
        sys.exit("build first: cargo build --release -p hilt-vm")
    runtimes = [("cpython", [os.environ.get("HILT_TEST_PYTHON", "python3")])]
    if shutil.which("pypy3"):
        runtimes.append(("pypy", ["pypy3"]))
    # The VM interpreted, and with its JIT on (machine code for hot code).
    runtimes.append(("hilt", [HILT, "--jit=off", "run"]))
    runtimes.append(("hilt-jit", [HILT, "--jit=on", "run"]))
    header = f"{'benchmark':<24}" + "".join(f"{n + ' s':>12}" for n, _ in runtimes) + "".join(f"{n + '/cpy':>14}" for n, _ in runtimes[1:])
    print("CPU time (user + system)" if cpu else "wall time")
    print(header)
    ratios = {n: [] for n, _ in runtimes[1:]}
    for prog in sorted(SIZES):
        meds, ref_out, notes = {}, None, []
        for name, cmd in runtimes:
            samples = []
            for _ in range(runs):
                dt, out, rc = timed(cmd + [prog, SIZES[prog]], cpu)
                samples.append(dt)
            if ref_out is None:
                ref_out = out
            elif out != ref_out:
                notes.append(f"{name} output differs")
            meds[name] = statistics.median(samples)
        row = f"{prog[6:-3]:<24}" + "".join(f"{meds[n]:>12.3f}" for n, _ in runtimes)
        for n, _ in runtimes[1:]:
            r = meds[n] / meds["cpython"]
            ratios[n].append(r)
            row += f"{r:>14.2f}"
        print(row + ("  " + "; ".join(notes) if notes else ""))
    geo = "".join(f"{statistics.geometric_mean(r):>14.2f}" for r in ratios.values())
    print(f"{'geometric mean':<24}" + " " * 12 * len(runtimes) + geo)


if __name__ == "__main__":
    main()
