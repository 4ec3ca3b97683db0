#!/usr/bin/env bash
# Hilt's main job: build one extension once, then run that same binary on
# every loader, printing results and timings side by side.
source "$(dirname "$0")/setup.sh"
# The chart of ratios needs matplotlib (only the main job does).
if ! "$HILT_TEST_PYTHON" -c "import matplotlib" 2>/dev/null; then
    echo "main job: installing matplotlib into .venv (for the chart) ..."
    "$HILT_TEST_PYTHON" -m pip install -q matplotlib
fi
# PyPy (Debian's pypy3) for the pure-Python comparison.
if ! command -v pypy3 >/dev/null; then
    echo "main job: installing pypy3 (Debian) for the comparison ..."
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pypy3 >/dev/null \
        || echo "main job: pypy3 could not be installed; its column stays empty"
fi
echo "main job: building the workspace ..."
cargo build -q --workspace
echo "main job: building the Hilt VM (release) ..."
cargo build -q --release -p hilt-vm
out="target/main-job"
mkdir -p "$out"
so="$out/interop.hpy0.so"
"$HILT_TEST_PYTHON" -m hilt build tests/exts/interop.c -o "$so" --cflag=-Wextra --cflag=-Werror
echo "built once: $so (with Hilt's headers, universal ABI)"
"$HILT_TEST_PYTHON" scripts/main_job.py "$so"

echo
echo "main job: building ported-exts/ once and running each against its reference ..."
names=$("$HILT_TEST_PYTHON" ported-exts/build_all.py "$out")
for name in $names; do
    echo
    echo "== $name"
    HILT_PORTED_EXTS="$out" "$HILT_TEST_PYTHON" "ported-exts/$name/bench.py" --quick
done
echo
echo "main job: the same ported-exts binaries on CPython and on the Hilt VM ..."
# shellcheck disable=SC2086
"$HILT_TEST_PYTHON" scripts/main_job_ported.py "$out" $names
