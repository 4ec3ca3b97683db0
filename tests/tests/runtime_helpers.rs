//! The helper runtime compiled into every extension (argument parsing,
//! `HPy_BuildValue`, formatting, helpers, struct sequences), exercised for
//! real: `headers/tests/runtime/runtime_ext.c` is built with Hilt's headers and
//! runtime, loaded by HPy 0.9.0's own loader in CPython, and checked by
//! pytest against CPython's own behaviour.

use hilt_tests::*;
use std::process::Command;

#[test]
fn helper_runtime_behaves_like_cpython() {
    let python = venv_python();
    let dir = scratch_dir("runtime_helpers");
    let so = dir.join("runtime_ext.hpy0.so");
    let runtime_tests = workspace_root().join("headers/tests/runtime");
    build_with_hilt(&[runtime_tests.join("runtime_ext.c")], &so, &[]);
    let out = run(Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(runtime_tests.join("test_runtime.py"))
        .env("HILT_RUNTIME_EXT", &so));
    assert!(out.contains(" passed"), "pytest ran no test:\n{out}");
    assert!(!out.contains(" failed"), "{out}");
}
