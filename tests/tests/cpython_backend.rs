//! The CPython backend's own test suite (backend-cpython/tests, pytest):
//! per-area C extensions built with Hilt's headers, loaded with `hilt`.

use hilt_tests::*;
use std::process::Command;

#[test]
fn cpython_backend_pytest_suite_passes() {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let out = run(Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(workspace_root().join("backend-cpython/tests"))
        .current_dir(workspace_root()));
    assert!(out.contains(" passed"), "pytest ran no test:\n{out}");
    assert!(!out.contains(" failed"), "{out}");
}

/// The same suite on the portable paths (no thunks): what platforms other
/// than x86-64 run.
#[test]
fn cpython_backend_pytest_suite_passes_without_thunks() {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let out = run(Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(workspace_root().join("backend-cpython/tests"))
        .env("HILT_NO_THUNKS", "1")
        .current_dir(workspace_root()));
    assert!(out.contains(" passed"), "pytest ran no test:\n{out}");
    assert!(!out.contains(" failed"), "{out}");
}
