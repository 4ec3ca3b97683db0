//! The extensions in ported-exts/: each is built once by
//! `ported-exts/build_all.py` (C with `hilt.build`, Rust with Cargo), then
//! its own tests (`ported-exts/NAME/tests`,
//! pytest, comparing it with the reference module on many inputs, bad
//! inputs and a debug-mode leak check included) run on CPython through
//! `hilt`, and its benchmark runs once as a smoke test. (On the Hilt VM when
//! the VM loads extensions.)

use hilt_tests::*;
use std::process::Command;

#[test]
fn ported_extensions_pass_their_tests_and_run_their_benchmarks() {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let built = scratch_dir("ported_exts");
    let names = build_ported_exts(&python, &built);
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
