"""hjson against the standard library's json (with its C accelerator) on
CPython, in one process. Usage: bench.py [--quick]; HILT_PORTED_EXTS names
the directory holding hjson.hpy0.so."""
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import bench_common  # noqa: E402


def document(rng, n):
    return [{"id": i, "name": f"item {i} é", "price": rng.uniform(0, 100), "tags": ["a", "b", str(i % 7)],
             "active": i % 3 == 0, "parent": None} for i in range(n)]


def workloads(mod, doc, text):
    return {
        f"dumps {len(doc)} records": lambda: mod.dumps(doc),
        f"dumps indent=2 sort_keys": lambda: mod.dumps(doc, indent=2, sort_keys=True),
        f"loads {len(text) >> 10} KiB": lambda: mod.loads(text),
    }


if __name__ == "__main__":
    doc = document(random.Random(1), 100 if bench_common.quick() else 2000)
    text = json.dumps(doc)
    bench_common.compare("json (C API)", "hjson", workloads(json, doc, text), workloads(bench_common.load("hjson"), doc, text))
