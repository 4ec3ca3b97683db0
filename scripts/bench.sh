#!/usr/bin/env bash
# Benchmarks, side by side in one run, reported as ratios.
#   cpython: call costs of Hilt's CPython backend vs the plain C API and HPy 0.9.
source "$(dirname "$0")/setup.sh"
"$HILT_TEST_PYTHON" benches/cpython_backend/bench.py "$@"
