"""The main job's run of ported-exts/ on both backends: each extension's
cross-backend script (tests/xback/run_NAME.py) with the binaries built
once in OUTDIR, under CPython (`python -m hilt run`) and under the Hilt VM
(`hilt run`, release build); outputs compared, wall times side by side.

Usage: main_job_ported.py OUTDIR NAME..."""
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
outdir, names = sys.argv[1], sys.argv[2:]
env = dict(os.environ, PYTHONPATH=os.path.abspath(outdir))
runners = {
    "CPython + Hilt": [sys.executable, "-m", "hilt", "run"],
    "Hilt VM": [str(ROOT / "target" / "release" / "hilt"), "run"],
}

print(f"{'script (same binaries)':28} {'CPython+Hilt s':>15} {'Hilt VM s':>10} {'VM/CPython':>11}  output")
differ = []
for name in names:
    script = ROOT / "tests" / "xback" / f"run_{name}.py"
    res = {}
    for label, cmd in runners.items():
        t = time.perf_counter()
        out = subprocess.run(cmd + [str(script)], capture_output=True, text=True, env=env)
        res[label] = (time.perf_counter() - t, out.stdout, out.returncode)
    (t_c, out_c, rc_c), (t_v, out_v, rc_v) = res.values()
    same = (out_c, rc_c) == (out_v, rc_v)
    if not same:
        differ.append(name)
    print(f"{script.name:28} {t_c:15.2f} {t_v:10.2f} {t_v / t_c:11.2f}  {'same' if same else 'DIFFERS'}")
print("(each script exercises its extension's API on both backends: mostly start-up and interpretation time)")
if differ:
    raise SystemExit(f"main job: output differs between the backends for {', '.join(differ)}")
