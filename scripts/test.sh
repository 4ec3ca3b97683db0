#!/usr/bin/env bash
# The whole test suite: generated-file drift, the API table contract, the
# layout proof (C compiler and bindgen), the C/C++ -Werror compile tests, the
# helper runtime's behaviour, and interop with HPy 0.9.0.
source "$(dirname "$0")/setup.sh"
echo "== generated files are up to date"
cargo run -q -p hilt-abi-gen --bin gen -- --check
echo "== cargo test --workspace"
cargo test --workspace
