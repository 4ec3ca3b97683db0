//! The benchmark command (`bench.py`) runs from a clean checkout: a smoke
//! run at the corpus's own sizes with this build's `hilt` prints a row per
//! benchmark program (no runtime's output differing from CPython's), the
//! geometric means, and the peak-memory and JIT compile-time table.

use std::path::Path;
use std::process::Command;

#[test]
fn bench_command_prints_ratios_memory_and_compile_time_for_every_program() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var("HILT_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python)
        .arg(here.join("bench.py"))
        .args(["--quick", "--no-pypy", "--runs", "1", "--cpu", "--hilt", env!("CARGO_BIN_EXE_hilt")])
        .output()
        .expect("run bench.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "bench.py failed:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains("output differs"), "{text}");
    let programs: Vec<String> = std::fs::read_dir(here.join("../tests/vm-corpus"))
        .expect("the corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| Some(n.strip_prefix("bench_")?.strip_suffix(".py")?.to_string()))
        .collect();
    assert!(programs.len() >= 11, "{programs:?}");
    for p in &programs {
        // One row of times and ratios, one of peak RSS and compile time.
        let rows = text.lines().filter(|l| l.split_whitespace().next() == Some(p.as_str())).count();
        assert_eq!(rows, 2, "rows for {p}:\n{text}");
    }
    let geo = text.lines().find(|l| l.starts_with("geometric mean")).expect("a geometric mean line");
    assert_eq!(geo.split_whitespace().count(), 4, "hilt/cpy and hilt-jit/cpy: {geo}");
    assert!(text.contains("peak RSS (MiB)") && text.contains("jit compile"), "{text}");
}
