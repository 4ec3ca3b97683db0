//! The extensions in ported-exts/: each `ported-exts/NAME/NAME.c` is built
//! once with Hilt's headers (a Rust one, `NAME/Cargo.toml`, with Cargo, its
//! cdylib renamed NAME.hpy0.so), then its own tests (`ported-exts/NAME/tests`,
//! pytest, comparing it with the reference module on many inputs, bad
//! inputs and a debug-mode leak check included) run on CPython through
//! `hilt`, and its benchmark runs once as a smoke test. (On the Hilt VM when
//! the VM loads extensions.)

use hilt_tests::*;
use std::path::PathBuf;
use std::process::Command;

/// Every ported extension: (name, its directory).
fn ported_exts() -> Vec<(String, PathBuf)> {
    let root = workspace_root().join("ported-exts");
    let mut exts: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", root.display()))
        .filter_map(|entry| {
            let dir = entry.ok()?.path();
            let name = dir.file_name()?.to_str()?.to_string();
            (dir.join(format!("{name}.c")).is_file() || dir.join("Cargo.toml").is_file()).then_some((name, dir))
        })
        .collect();
    exts.sort();
    assert!(!exts.is_empty(), "no extension found in {}", root.display());
    exts
}

/// Build every ported extension once into one directory.
fn build_all() -> PathBuf {
    let out = scratch_dir("ported_exts");
    for (name, dir) in ported_exts() {
        if dir.join("Cargo.toml").is_file() {
            // A target directory of its own: the test's own build holds the
            // workspace's lock only while compiling, but keep them apart.
            let target = workspace_root().join("target").join("ported-rust");
            run(Command::new(env!("CARGO"))
                .args(["build", "--release", "-q", "-p", &name, "--target-dir"])
                .arg(&target)
                .current_dir(workspace_root()));
            let lib = target.join("release").join(format!("lib{name}.so"));
            std::fs::copy(&lib, out.join(format!("{name}.hpy0.so")))
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", lib.display()));
            continue;
        }
        // NAME/flags.txt: extra compiler/linker flags (a C library to link).
        let extra = std::fs::read_to_string(dir.join("flags.txt")).unwrap_or_default();
        let mut flags: Vec<&str> = vec!["-O2"];
        flags.extend(extra.split_whitespace());
        build_with_hilt(&[dir.join(format!("{name}.c"))], &out.join(format!("{name}.hpy0.so")), &flags);
    }
    out
}

#[test]
fn ported_extensions_pass_their_tests_and_run_their_benchmarks() {
    let python = venv_python();
    ensure_hilt_installed(&python);
    let built = build_all();
    for (name, dir) in ported_exts() {
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
