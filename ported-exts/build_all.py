"""Build every extension of ported-exts/ once into OUTDIR, as NAME.hpy0.so:
NAME/NAME.c with `hilt.build` (extra link flags in NAME/flags.txt), a Rust
one (NAME/Cargo.toml) with Cargo, its cdylib renamed. Prints each name.

Usage: build_all.py OUTDIR [--target-dir DIR]   (Cargo's target directory,
default target/; $CARGO names the cargo to run, default `cargo`)."""
import argparse
import os
import pathlib
import shutil
import subprocess

from hilt.build import build

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", type=pathlib.Path)
    ap.add_argument("--target-dir", type=pathlib.Path, default=ROOT / "target")
    args = ap.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    for d in sorted(p for p in HERE.iterdir() if p.is_dir()):
        name, so = d.name, args.outdir / f"{d.name}.hpy0.so"
        if (d / "Cargo.toml").is_file():
            subprocess.run([os.environ.get("CARGO", "cargo"), "build", "--release", "-q", "-p", name,
                            "--target-dir", str(args.target_dir)], cwd=ROOT, check=True)
            shutil.copy(args.target_dir / "release" / f"lib{name}.so", so)
        elif (d / f"{name}.c").is_file():
            flags = d / "flags.txt"
            ldflags = flags.read_text().split() if flags.is_file() else []
            build([d / f"{name}.c"], so, cflags=["-Wextra", "-Werror"], ldflags=ldflags)
        else:
            continue
        print(name)


if __name__ == "__main__":
    main()
