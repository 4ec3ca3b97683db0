#!/usr/bin/env bash
# The whole test suite: generated-file drift, the API table contract, the
# layout proof (C compiler and bindgen), the C/C++ -Werror compile tests, the
# helper runtime's behaviour, and interop with HPy 0.9.0.
source "$(dirname "$0")/setup.sh"
echo "== generated files are up to date"
cargo run -q -p hilt-abi-gen --bin gen -- --check
echo "== cargo test --workspace"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { p += $4; f += $6 } END { printf "hilt: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
