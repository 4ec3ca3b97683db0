"""Call-cost benchmark of Hilt's CPython backend, in one process.

Builds bench_capi.c (plain CPython C API, the baseline) and bench_hpy.c (HPy
API, built once with Hilt's headers), loads the HPy binary with Hilt and,
when installed, with HPy 0.9's own loader, and prints ns per operation and
the ratio to the C-API baseline for each. Usage: bench.py [--quick]."""
import argparse
import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import timeit
from importlib.machinery import ModuleSpec

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INCLUDE = ROOT / "headers" / "include"
CC = os.environ.get("CC", "cc")


def build(tmp):
    capi = tmp / ("bench_capi" + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run([CC, "-shared", "-fPIC", "-O2", f"-I{sysconfig.get_paths()['include']}",
                    str(HERE / "bench_capi.c"), "-o", str(capi)], check=True)
    hpy = tmp / "bench_hpy.hpy0.so"
    subprocess.run([CC, "-shared", "-fPIC", "-O2", "-DHPY_ABI_UNIVERSAL", f"-I{INCLUDE}",
                    f"-I{INCLUDE / 'hpy' / 'forbid_python_h'}", str(HERE / "bench_hpy.c"),
                    *map(str, sorted((ROOT / "headers" / "src" / "runtime").glob("*.c"))),
                    "-o", str(hpy)], check=True)
    return capi, hpy


def load_capi(path):
    spec = importlib.util.spec_from_file_location("bench_capi", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def operations(mod):
    p = mod.Point()
    f0, f1, fv, fk, P = mod.noargs, mod.onearg, mod.varargs, mod.keywords, mod.Point
    return {
        "noargs": lambda: f0(),
        "one arg": lambda: f1(1),
        "varargs": lambda: fv(1, 2),
        "keywords": lambda: fk(1, b=2),
        "method on instance": lambda: p.norm(),
        "allocation": lambda: P(),
        "attribute (member)": lambda: p.x,
        "len (slot)": lambda: len(p),
        "getitem (slot)": lambda: p[1],
    }


def measure(fn, number, repeat):
    # The best of several runs: the least disturbed by the machine.
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer iterations (for a smoke run)")
    args = ap.parse_args()
    number, repeat = (20_000, 3) if args.quick else (500_000, 7)

    with tempfile.TemporaryDirectory() as d:
        capi_path, hpy_path = build(pathlib.Path(d))
        loaders = {"C API": load_capi(capi_path)}
        import hilt
        loaders["Hilt"] = hilt.load("bench_hpy", hpy_path)
        try:
            import hpy.universal
            # A copy: one file loaded twice is one library, and the second
            # loader would replace the context the first one gave it.
            peer = pathlib.Path(d) / "peer" / hpy_path.name
            peer.parent.mkdir()
            shutil.copy(hpy_path, peer)
            loaders["HPy 0.9"] = hpy.universal.load(
                "bench_hpy", str(peer), ModuleSpec("bench_hpy", None, origin=str(peer)))
        except ImportError:
            print("(HPy 0.9 is not installed: its column is left out)")

        # Interleave the loaders in every round and keep each one's best
        # round, so a change of machine speed hits all columns alike; the
        # empty-lambda time is measured in the same rounds and subtracted.
        ops = {name: operations(mod) for name, mod in loaders.items()}
        results = {name: {} for name in loaders}
        for op in ops["C API"]:
            best = {name: float("inf") for name in loaders}
            best_empty = float("inf")
            for _ in range(repeat):
                best_empty = min(best_empty, measure(lambda: None, number, 1))
                for name in loaders:
                    best[name] = min(best[name], measure(ops[name][op], number, 1))
            for name in loaders:
                results[name][op] = max(best[name] - best_empty, 0.1)
        empty = best_empty

    names = list(results)
    print(f"ns per operation (loop overhead of {empty:.1f} ns subtracted); ratio = time / C API time")
    print(f"{'operation':22}" + "".join(f"{n:>12}" for n in names)
          + "".join(f"{n + ' ratio':>16}" for n in names[1:]))
    for op in results["C API"]:
        base = results["C API"][op]
        row = f"{op:22}" + "".join(f"{results[n][op]:12.1f}" for n in names)
        row += "".join(f"{results[n][op] / base:16.2f}" for n in names[1:])
        print(row)


if __name__ == "__main__":
    main()
