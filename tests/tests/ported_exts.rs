//! The extensions in ported-exts/: each is built once by
//! `ported-exts/build_all.py` (C with `hilt.build`, Rust with Cargo), then
//! its own tests (`ported-exts/NAME/tests`,
//! pytest, comparing it with the reference module on many inputs, bad
//! inputs and a debug-mode leak check included) run on CPython through
//! `hilt`, and its benchmark runs once as a smoke test. (On the Hilt VM when
//! the VM loads extensions.)

use hilt_tests::*;
use std::path::PathBuf;
use std::process::Command;

/// Build every ported extension once (ported-exts/build_all.py, also the
/// main job's builder); returns the output directory and the names built.
fn build_all(python: &std::path::Path) -> (PathBuf, Vec<String>) {
    let out = scratch_dir("ported_exts");
    let target = workspace_root().join("target").join("ported-rust");
    let names = run(Command::new(python)
        .arg(workspace_root().join("ported-exts/build_all.py"))
        .arg(&out)
        .arg("--target-dir")
        .arg(&target)
        // A target directory of its own, and this test's own cargo.
        .env("CARGO", env!("CARGO"))
        .current_dir(workspace_root()));
    let names: Vec<String> = names.lines().map(str::to_string).collect();
    assert!(!names.is_empty(), "no extension found in ported-exts/");
    (out, names)
}

#[test]
fn ported_extensions_pass_their_tests_and_run_their_benchmarks() {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let (built, names) = build_all(&python);
    for name in names {
        let dir = workspace_root().join("ported-exts").join(&name);
        let out = run(Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(dir.join("tests"))
            .env("HILT_PORTED_EXTS", &built)
            .current_dir(workspace_root()));
        assert!(out.contains(" passed") && !out.contains(" failed"), "{name}:\n{out}");
        let bench = dir.join("bench.py");
        if bench.is_file() {
            let out = run(Command::new(&python).arg(&bench).arg("--quick").env("HILT_PORTED_EXTS", &built));
            assert!(out.contains("ratio"), "{name} benchmark printed no ratio:\n{out}");
        }
    }
}
