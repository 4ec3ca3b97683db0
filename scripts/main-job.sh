#!/usr/bin/env bash
# Hilt's main job: build one extension once, then run that same binary on
# every loader, printing results and timings side by side.
source "$(dirname "$0")/setup.sh"
cargo build -q --workspace
echo "building the Hilt VM (release) ..."
cargo build -q --release -p hilt-vm
out="target/main-job"
mkdir -p "$out"
so="$out/interop.hpy0.so"
"$HILT_TEST_PYTHON" -m hilt build tests/exts/interop.c -o "$so" --cflag=-Wextra --cflag=-Werror
echo "built once: $so (with Hilt's headers, universal ABI)"
"$HILT_TEST_PYTHON" scripts/main_job.py "$so"
