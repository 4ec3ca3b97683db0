"""Run one .hpy0.so on every loader and print results and timings side by side.

Loaders that are not built yet are listed as such, never simulated."""
import os
import pathlib
import subprocess
import sys
import timeit
from importlib.machinery import ModuleSpec

so = sys.argv[1]
CALLS = 200_000


def measure(mod):
    p = mod.Point(3, 4)
    results = [mod.noargs(), mod.add3(1, 2, 3), mod.greet("hilt"), repr(p), p + p]
    ns = {
        "noargs": timeit.timeit(mod.noargs, number=CALLS) / CALLS * 1e9,
        "add3(1, 2, 3)": timeit.timeit(lambda: mod.add3(1, 2, 3), number=CALLS) / CALLS * 1e9,
        "Point.norm1()": timeit.timeit(p.norm1, number=CALLS) / CALLS * 1e9,
    }
    return results, ns


def run_on_hpy_reference():
    import hpy.universal
    # A copy: one file loaded by two loaders would be one library whose
    # global context the second loader replaces.
    import shutil, tempfile
    peer = os.path.join(tempfile.mkdtemp(), os.path.basename(so))
    shutil.copy(so, peer)
    return measure(hpy.universal.load("interop", peer, ModuleSpec("interop", None, origin=peer)))


def run_on_hilt_cpython():
    import hilt
    return measure(hilt.load("interop", so))


def run_on_hilt_vm():
    """The same binary under `hilt run` (release build): scripts/main_job_vm.py."""
    root = pathlib.Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(so)))
    out = subprocess.run([str(root / "target" / "release" / "hilt"), "run", str(root / "scripts" / "main_job_vm.py")],
                         capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"main job: the Hilt VM failed to run the extension:\n{out.stderr}")
    results, times = out.stdout.splitlines()[-2:]
    return results, dict(zip(["noargs", "add3(1, 2, 3)", "Point.norm1()"], map(float, times.split())))


loaders = [
    ("HPy 0.9.0 reference loader on CPython", run_on_hpy_reference),
    ("Hilt CPython backend", run_on_hilt_cpython),
    ("Hilt VM (same binary)", run_on_hilt_vm),
]

rows = []
for name, fn in loaders:
    results, ns = fn()
    rows.append((name, results if isinstance(results, str) else repr(results), ns))

print()
print(f"{'loader':42} results")
for name, res, _ in rows:
    print(f"{name:42} {res}")
print()
keys = [k for _, _, ns in rows for k in ns]
keys = list(dict.fromkeys(keys))
print(f"{'ns per call':42} " + " ".join(f"{k:>16}" for k in keys))
for name, _, ns in rows:
    cells = " ".join(f"{ns[k]:16.1f}" if k in ns else f"{'-':>16}" for k in keys)
    print(f"{name:42} {cells}")
same = all(res == rows[0][1] for _, res, _ in rows)
print(f"results identical on every loader: {same}")
vm_call_ratios = {k: rows[2][2][k] / rows[1][2][k] for k in keys}
print("Hilt VM / Hilt CPython backend, time per call: "
      + ", ".join(f"{k} {r:.2f}" for k, r in vm_call_ratios.items())
      + "  (the VM interprets the calling loop; its JIT does not call extensions yet)")
if not same:
    raise SystemExit("main job: the loaders gave different results")


# Pure Python: the same programs under CPython and under the Hilt VM
# (`hilt run`, release build), outputs compared, wall times side by side.
import time  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "vm-corpus"
HILT_VM = ROOT / "target" / "release" / "hilt"
PROGRAMS = {"bench_nbody.py": "20000", "bench_spectral_norm.py": "100", "bench_richards.py": "2000",
            "bench_fannkuch.py": "8", "bench_float.py": "20000", "bench_json.py": "400"}


def run(cmd):
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=CORPUS)
    return time.perf_counter() - t, out.stdout, out.returncode


vm_ratios = []
print()
print("main job: running pure-Python programs under CPython and the Hilt VM ...", flush=True)
import shutil  # noqa: E402

PYPY = shutil.which("pypy3")
pypy_ratios = []
print(f"{'pure Python program':28} {'CPython s':>10} {'Hilt VM s':>10} {'PyPy s':>8} {'VM/CPython':>11} "
      f"{'PyPy/CPython':>13}  output")
for prog, size in PROGRAMS.items():
    t_cpy, out_cpy, rc_cpy = run([sys.executable, prog, size])
    t_vm, out_vm, rc_vm = run([str(HILT_VM), "run", prog, size])
    same = "same" if (out_vm, rc_vm) == (out_cpy, rc_cpy) else "DIFFERS"
    cells = [f"{t_cpy:10.2f}", f"{t_vm:10.2f}"]
    if PYPY:
        t_pp, out_pp, rc_pp = run([PYPY, prog, size])
        ok = (out_pp, rc_pp) == (out_cpy, rc_cpy)
        cells.append(f"{t_pp:8.2f}" if ok else f"{'differs':>8}")
        pypy_ratios.append(t_pp / t_cpy if ok else None)
    else:
        cells.append(f"{'-':>8}")
    pp_ratio = f"{pypy_ratios[-1]:13.2f}" if PYPY and pypy_ratios[-1] else f"{'-':>13}"
    print(f"{prog + ' ' + size:28} {' '.join(cells)} {t_vm / t_cpy:11.2f} {pp_ratio}  {same}")
    vm_ratios.append((prog.removeprefix("bench_").removesuffix(".py"), t_vm / t_cpy))
print("(short runs, so start-up and PyPy's JIT warm-up weigh; python3 backend-native-vm/bench.py uses larger sizes."
      " The Hilt VM runs with its JIT on, its default; ./scripts/bench.sh vm compares it with the interpreter, hilt --jit=off)")
vm_ratios.append(None)  # marks the end of the table for the chart below


# The call-cost ratios of the CPython backend (Hilt vs raw C API vs HPy's
# own loader), measured by the benchmark's own code (quick mode), and a
# chart of both tables.
sys.path.insert(0, str(ROOT / "benches" / "cpython_backend"))
import tempfile  # noqa: E402

import bench  # noqa: E402

print()
print("main job: measuring call costs against the raw C API ...", flush=True)
with tempfile.TemporaryDirectory() as tmp:
    capi_path, hpy_path = bench.build(pathlib.Path(tmp))
    call_ns, _ = bench.time_all(bench.load_all(pathlib.Path(tmp), capi_path, hpy_path), 200_000, 5)
bench.print_table("ns per call; ratio = time / C API time", call_ns)
print("(times on a shared machine wander by 10-20%; ./scripts/bench.sh --instructions counts instructions exactly)")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

fig, (left, middle, right) = plt.subplots(1, 3, figsize=(18, 5))
ops = list(call_ns["C API"])
loaders = [n for n in call_ns if n != "C API"]
width = 0.8 / len(loaders)
for k, name in enumerate(loaders):
    left.bar([i + k * width for i in range(len(ops))], [call_ns[name][op] / call_ns["C API"][op] for op in ops],
             width, label=name)
left.axhline(1.0, color="black", linewidth=0.8)
left.set_xticks([i + width * (len(loaders) - 1) / 2 for i in range(len(ops))], ops, rotation=40, ha="right")
left.set_ylabel("time / raw C API time (lower is faster)")
left.set_title("One extension binary on CPython")
left.legend()
middle.bar(range(len(vm_call_ratios)), list(vm_call_ratios.values()), 0.5, color="tab:green", label="Hilt VM")
middle.axhline(1.0, color="black", linewidth=0.8, label="Hilt CPython backend")
middle.set_xticks(range(len(vm_call_ratios)), list(vm_call_ratios), rotation=40, ha="right")
middle.set_ylabel("time per call / CPython backend's")
middle.set_title("The same binary on the Hilt VM")
middle.legend()
progs = [r for r in vm_ratios if r]
xs = range(len(progs))
right.bar([x - 0.2 for x in xs], [r for _, r in progs], 0.4, color="tab:green", label="Hilt VM (interpreter)")
if pypy_ratios:
    right.bar([x + 0.2 for x in xs], [r or 0 for r in pypy_ratios], 0.4, color="tab:purple", label="PyPy (pypy3)")
right.set_xticks(list(xs), [p for p, _ in progs])
right.axhline(1.0, color="black", linewidth=0.8, label="CPython 3.11")
right.set_ylabel("time / CPython time (lower is faster)")
right.set_title("Pure Python: Hilt VM and PyPy vs CPython")
right.tick_params(axis="x", rotation=40)
right.legend()
fig.tight_layout()
chart = ROOT / "target" / "main-job" / "ratios.png"
fig.savefig(chart, dpi=100)
print(f"\nchart of the ratios: {chart}")
