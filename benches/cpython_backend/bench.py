"""Call-cost benchmark of Hilt's CPython backend, in one process.

Builds bench_capi.c (plain CPython C API, the baseline) and bench_hpy.c (HPy
API, built once with Hilt's headers), loads the HPy binary with Hilt and,
when installed, with HPy 0.9's own loader, and prints ns per operation and
the ratio to the C-API baseline for each. Usage: bench.py [--quick]
[--instructions] [--modes]. --modes adds Hilt's debug and trace modes as
ratios to universal mode. Times on a shared machine wander by +-10%; with
--instructions each loader also runs once under callgrind and the table
adds instructions per operation, which repeat exactly from run to run."""
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


def build_capi(tmp, name):
    out = tmp / (name + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run([CC, "-shared", "-fPIC", "-O2", f"-I{sysconfig.get_paths()['include']}",
                    str(HERE / f"{name}.c"), "-o", str(out)], check=True)
    return out


def build(tmp):
    capi = build_capi(tmp, "bench_capi")
    hpy = tmp / "bench_hpy.hpy0.so"
    subprocess.run([CC, "-shared", "-fPIC", "-O2", "-DHPY_ABI_UNIVERSAL", f"-I{INCLUDE}",
                    f"-I{INCLUDE / 'hpy' / 'forbid_python_h'}", str(HERE / "bench_hpy.c"),
                    *map(str, sorted((ROOT / "headers" / "src" / "runtime").glob("*.c"))),
                    "-o", str(hpy)], check=True)
    return capi, hpy


def load_capi(path, name="bench_capi"):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_all(tmp, capi_path, hpy_path, only=None):
    """The benchmark module under each loader (or only the one named)."""
    loaders = {}
    if only in (None, "C API"):
        loaders["C API"] = load_capi(capi_path)
    if only in (None, "Hilt"):
        import hilt
        loaders["Hilt"] = hilt.load("bench_hpy", str(hpy_path))
    if only in (None, "HPy 0.9"):
        try:
            import hpy.universal
        except ImportError:
            return loaders
        # A copy: one file loaded twice is one library, and the second
        # loader would replace the context the first one gave it. One per
        # process: rewriting a library another process has mapped breaks it.
        peer = tmp / f"peer{os.getpid()}" / hpy_path.name
        peer.parent.mkdir(exist_ok=True)
        shutil.copy(hpy_path, peer)
        loaders["HPy 0.9"] = hpy.universal.load(
            "bench_hpy", str(peer), ModuleSpec("bench_hpy", None, origin=str(peer)))
    return loaders


COUNTED_CALLS = 20_000


def count_worker(tmp, loader):
    """Run under callgrind: count each operation's loop (after a warm-up that
    lets the interpreter specialise its instructions)."""
    counter = load_capi(next(tmp.glob("bench_counter*")), "bench_counter")
    mod = load_all(tmp, next(tmp.glob("bench_capi*")), tmp / "bench_hpy.hpy0.so", only=loader)[loader]
    ops = {"(empty)": lambda: None, **operations(mod)}
    for name, fn in ops.items():
        for _ in range(1000):
            fn()
        counter.count(name, fn, COUNTED_CALLS)


def count_instructions(tmp, loaders):
    """Instructions per operation for each loader, from one callgrind run
    per loader; the empty lambda's count is subtracted."""
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    build_capi(tmp, "bench_counter")
    counts = {}
    for loader in loaders:
        print(f"counting instructions under callgrind: {loader} ...", flush=True)
        out = tmp / f"cg-{loader.replace(' ', '_')}"
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--count-worker", loader, "--dir", str(tmp)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        dumps = {}
        for part in tmp.glob(out.name + ".*"):
            text = part.read_text()
            name = text.split("Client Request: ", 1)[1].split("\n", 1)[0]
            total = next(line for line in text.splitlines() if line.startswith(("summary:", "totals:")))
            dumps[name] = int(total.split()[1])
        empty = dumps.pop("(empty)")
        order = list(operations(load_capi(next(tmp.glob("bench_capi*")))))
        counts[loader] = {op: (dumps[op] - empty) / COUNTED_CALLS for op in order}
    return counts


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


def time_all(loaders, number, repeat):
    """ns per operation for each loader's module, and the loop overhead.

    The loaders are interleaved in every round and each keeps its best
    round, so a change of machine speed hits all columns alike; the
    empty-lambda time is measured in the same rounds and subtracted."""
    ops = {name: operations(mod) for name, mod in loaders.items()}
    first = next(iter(ops.values()))
    results = {name: {} for name in loaders}
    best_empty = float("inf")
    for op in first:
        best = {name: float("inf") for name in loaders}
        best_empty = float("inf")
        for _ in range(repeat):
            best_empty = min(best_empty, measure(lambda: None, number, 1))
            for name in loaders:
                best[name] = min(best[name], measure(ops[name][op], number, 1))
        for name in loaders:
            results[name][op] = max(best[name] - best_empty, 0.1)
    return results, best_empty


def load_modes(tmp, hpy_path):
    """The HPy binary in Hilt's universal, debug and trace modes (one copy
    each: a library keeps one context for its trampolines)."""
    import hilt
    loaded = {}
    for mode in ("universal", "debug", "trace"):
        copy = tmp / f"mode-{mode}" / hpy_path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(hpy_path, copy)
        loaded[f"Hilt {mode}"] = hilt.load("bench_hpy", str(copy), mode=mode)
    return loaded


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer iterations (for a smoke run)")
    ap.add_argument("--instructions", action="store_true", help="also count instructions under callgrind")
    ap.add_argument("--modes", action="store_true", help="also time Hilt's debug and trace modes against universal")
    ap.add_argument("--count-worker", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.count_worker:
        return count_worker(pathlib.Path(args.dir), args.count_worker)
    number, repeat = (20_000, 3) if args.quick else (500_000, 7)

    with tempfile.TemporaryDirectory() as d:
        capi_path, hpy_path = build(pathlib.Path(d))
        loaders = load_all(pathlib.Path(d), capi_path, hpy_path)
        if "HPy 0.9" not in loaders:
            print("(HPy 0.9 is not installed: its column is left out)")
        instructions = count_instructions(pathlib.Path(d), list(loaders)) if args.instructions else None
        results, empty = time_all(loaders, number, repeat)
        if args.modes:
            modes, modes_empty = time_all(load_modes(pathlib.Path(d), hpy_path), number // 10, repeat)

    print_table(f"ns per operation (loop overhead of {empty:.1f} ns subtracted); ratio = time / C API time", results)
    if instructions:
        print()
        print_table("instructions per operation (callgrind; the empty lambda's subtracted); ratio = count / C API count",
                    instructions)
    if args.modes:
        print()
        print_table(f"Hilt's modes, ns per operation (loop overhead of {modes_empty:.1f} ns subtracted); "
                    "ratio = time / universal time", modes)


def print_table(title, results):
    """One row per operation (in the order measured), one column per loader
    and one ratio to the first loader per other loader."""
    names = list(results)
    width = max(12, *(len(n) + 2 for n in names))
    print(title)
    print(f"{'operation':22}" + "".join(f"{n:>{width}}" for n in names)
          + "".join(f"{n + ' ratio':>{width + 6}}" for n in names[1:]))
    for op in results[names[0]]:
        base = results[names[0]][op]
        row = f"{op:22}" + "".join(f"{results[n][op]:{width}.1f}" for n in names)
        row += "".join(f"{results[n][op] / base:{width + 6}.2f}" for n in names[1:])
        print(row)


if __name__ == "__main__":
    main()
