"""Run one .hpy0.so on every loader and print results and timings side by side.

Loaders that are not built yet are listed as such, never simulated."""
import os
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


loaders = [
    ("HPy 0.9.0 reference loader on CPython", run_on_hpy_reference),
    ("Hilt CPython backend", run_on_hilt_cpython),
    ("Hilt VM", None),               # loading extensions: the ABI-on-the-VM issue
]

rows = []
for name, fn in loaders:
    if fn is None:
        rows.append((name, "loads extensions once the ABI on the VM lands", {}))
        continue
    results, ns = fn()
    rows.append((name, repr(results), ns))

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


# Pure Python: the same programs under CPython and under the Hilt VM
# (`hilt run`, release build), outputs compared, wall times side by side.
import pathlib  # noqa: E402
import subprocess  # noqa: E402
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


print()
print(f"{'pure Python program':28} {'CPython s':>10} {'Hilt VM s':>10} {'VM/CPython':>11}  output")
for prog, size in PROGRAMS.items():
    t_cpy, out_cpy, rc_cpy = run([sys.executable, prog, size])
    t_vm, out_vm, rc_vm = run([str(HILT_VM), "run", prog, size])
    same = "same" if (out_vm, rc_vm) == (out_cpy, rc_cpy) else "DIFFERS"
    print(f"{prog + ' ' + size:28} {t_cpy:10.2f} {t_vm:10.2f} {t_vm / t_cpy:11.2f}  {same}")
print("(the Hilt VM interprets for now; its JIT is a later issue)")
