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
include="headers/include"
${CC:-cc} -shared -fPIC -O2 -Wall -Wextra -Werror -DHPY_ABI_UNIVERSAL \
    -I"$include" -I"$include/hpy/forbid_python_h" \
    tests/exts/interop.c headers/src/runtime/*.c -o "$so"
echo "built once: $so (with Hilt's headers, universal ABI)"
"$HILT_TEST_PYTHON" scripts/main_job.py "$so"
