#!/usr/bin/env bash
# Benchmarks, side by side in one run, reported as ratios.
#   scripts/bench.sh [ARGS]         call costs of Hilt's CPython backend vs the
#                                   plain C API and HPy 0.9 (benches/cpython_backend)
#   scripts/bench.sh vm-abi [ARGS]  call costs of one .hpy0.so on the Hilt VM vs
#                                   CPython+Hilt, and of the C-API build on PyPy's
#                                   cpyext (benches/vm_abi)
#   scripts/bench.sh vm [ARGS]      pure-Python programs on CPython, PyPy and the
#                                   Hilt VM, interpreted and jitted: time ratios,
#                                   peak RSS, JIT compile time (backend-native-vm/bench.py)
source "$(dirname "$0")/setup.sh"
if [ "${1:-}" = "vm-abi" ] || [ "${1:-}" = "vm" ]; then
    what="$1"
    shift
    # PyPy and its C headers (Debian's pypy3, pypy3-dev), installed when missing.
    MISSING=""
    command -v pypy3 >/dev/null || MISSING="$MISSING pypy3"
    ls /usr/include/pypy3*/Python.h >/dev/null 2>&1 || MISSING="$MISSING pypy3-dev"
    if [ -n "$MISSING" ]; then
        echo "bench: installing$MISSING"
        SUDO=""
        if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
        # shellcheck disable=SC2086
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $MISSING >/dev/null \
            || echo "bench: could not install$MISSING; the PyPy column stays empty"
    fi
    echo "bench: building the Hilt VM (release) ..."
    cargo build -q --release -p hilt-vm
    if [ "$what" = "vm" ]; then
        "$HILT_TEST_PYTHON" backend-native-vm/bench.py "$@"
    else
        "$HILT_TEST_PYTHON" benches/vm_abi/bench.py "$@"
    fi
else
    "$HILT_TEST_PYTHON" benches/cpython_backend/bench.py "$@"
fi
