# Sourced by main-job.sh and test.sh: installs what Hilt's build and tests
# need on a fresh machine, idempotently.
#   - libclang (Debian's libclang-dev): bindgen's layout witness
#   - zlib (Debian's zlib1g-dev): the system library ported-exts/hzlib wraps
#   - .venv: a Python virtual environment with HPy 0.9.0 (the reference
#     implementation the interop tests compare against), pytest, setuptools,
#     maturin, and Hilt's own `hilt` package built from backend-cpython/
set -euo pipefail
HILT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HILT_ROOT"

# Debian packages, each installed only when what it provides is missing.
MISSING=""
if ! ls /usr/lib/llvm-*/lib/libclang.so* /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1; then
    MISSING="$MISSING libclang-dev"
fi
if [ ! -e /usr/include/zlib.h ]; then
    MISSING="$MISSING zlib1g-dev"
fi
if [ -n "$MISSING" ]; then
    echo "setup: installing$MISSING"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $MISSING >/dev/null
fi

PYTHON="${PYTHON:-python3}"
PACKAGES="hpy==0.9.0 pytest setuptools maturin"
# The marker records what was installed, so an older .venv is brought up to date.
if [ "$(cat .venv/.hilt-ready 2>/dev/null)" != "$PACKAGES" ]; then
    echo "setup: preparing .venv with $PACKAGES"
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    # shellcheck disable=SC2086
    .venv/bin/python -m pip install -q $PACKAGES
    echo "$PACKAGES" > .venv/.hilt-ready
fi
export HILT_TEST_PYTHON="$HILT_ROOT/.venv/bin/python"

# Hilt's CPython backend, the `hilt` package, built into .venv (incremental).
echo "setup: building the hilt package (backend-cpython) into .venv"
VIRTUAL_ENV="$HILT_ROOT/.venv" .venv/bin/maturin develop --release -q -m backend-cpython/Cargo.toml
export HILT_BACKEND_INSTALLED=1
