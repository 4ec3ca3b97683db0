//! The CPython backend's own test suite (backend-cpython/tests, pytest):
//! per-area C extensions built with Hilt's headers, loaded with `hilt`.

use hilt_tests::*;
use std::process::Command;

/// Run backend-cpython/tests with `env` set; every test must pass.
fn pytest_suite_passes_with(env: &[(&str, &str)]) {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let out = run(Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(workspace_root().join("backend-cpython/tests"))
        .envs(env.iter().copied())
        .current_dir(workspace_root()));
    assert!(out.contains(" passed"), "pytest ran no test:\n{out}");
    assert!(!out.contains(" failed"), "{out}");
}

#[test]
fn cpython_backend_pytest_suite_passes() {
    pytest_suite_passes_with(&[]);
}

/// The same suite on the portable paths (no thunks): what platforms other
/// than x86-64 run.
#[test]
fn cpython_backend_pytest_suite_passes_without_thunks() {
    pytest_suite_passes_with(&[("HILT_NO_THUNKS", "1")]);
}

/// The same suite with every module in debug mode: a correct extension
/// gives the same results (tests of deliberate misuse are skipped there).
#[test]
fn cpython_backend_pytest_suite_passes_in_debug_mode() {
    pytest_suite_passes_with(&[("HILT", "debug")]);
}

/// And in trace mode: counting and timing changes no result.
#[test]
fn cpython_backend_pytest_suite_passes_in_trace_mode() {
    pytest_suite_passes_with(&[("HILT", "trace")]);
}

/// The benchmark builds, loads its module with every loader, and prints a
/// ratio for every operation (a smoke run: numbers are not asserted).
#[test]
fn benchmark_smoke_run_prints_every_ratio() {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let out = run(Command::new(&python)
        .args(["benches/cpython_backend/bench.py", "--quick"])
        .current_dir(workspace_root()));
    for op in ["noargs", "one arg", "varargs", "keywords", "method on instance", "allocation", "attribute (member)", "len (slot)", "getitem (slot)"] {
        let row = out.lines().find(|l| l.starts_with(op)).unwrap_or_else(|| panic!("no row for '{op}':\n{out}"));
        let numbers: Vec<f64> = row[op.len()..].split_whitespace().map(|w| w.parse().expect("a number")).collect();
        // C API, Hilt, HPy 0.9 times, then two ratios (HPy 0.9 is in the venv).
        assert_eq!(numbers.len(), 5, "row '{row}'");
        assert!(numbers.iter().all(|n| n.is_finite() && *n >= 0.0), "row '{row}'");
    }
}
