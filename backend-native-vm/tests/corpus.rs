//! The differential corpus: each program in `tests/vm-corpus/` must print
//! exactly what CPython 3.11 prints and exit with the same status, under
//! `hilt run` in each of [`MODES`]: interpreted, with `HILT_GC_STRESS=1`
//! (collect at every allocation), and with the JIT on and eager.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vm-corpus")
}

fn python() -> String {
    std::env::var("HILT_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// The first lines where two outputs differ, as a short diff.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e.iter().zip(a.iter()).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    let mut out = format!("first difference at line {}:\n", first + 1);
    for i in first..(first + 3) {
        out.push_str(&format!("  - {}\n  + {}\n", e.get(i).unwrap_or(&"<end>"), a.get(i).unwrap_or(&"<end>")));
    }
    out
}

/// The environments each program runs in: the interpreter, with the
/// collector run at every allocation, the JIT on (hot code compiled, loops
/// entered mid-way), the JIT eager (every code object compiled before it
/// runs), and eager again under the collector's stress mode.
const MODES: &[&[(&str, &str)]] = &[
    &[("HILT_JIT", "off")],
    &[("HILT_JIT", "off"), ("HILT_GC_STRESS", "1")],
    &[("HILT_JIT", "on")],
    &[("HILT_JIT", "eager")],
    &[("HILT_JIT", "eager"), ("HILT_GC_STRESS", "1")],
];

/// Check one program; None if it matches in every mode.
fn check(program: &Path) -> Option<String> {
    let name = program.file_name()?.to_string_lossy().into_owned();
    let reference = run(Command::new(python()).arg(program).current_dir(corpus_dir()));
    let want = String::from_utf8_lossy(&reference.stdout).into_owned();
    let mut problems = Vec::new();
    for env in MODES {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hilt"));
        cmd.arg("run").arg(program).current_dir(corpus_dir()).env_remove("HILT_JIT").env_remove("HILT_GC_STRESS");
        cmd.envs(env.iter().copied());
        let got = run(&mut cmd);
        let out = String::from_utf8_lossy(&got.stdout).into_owned();
        let mode: String = env.iter().map(|(k, v)| format!(" {k}={v}")).collect();
        if out != want {
            problems.push(format!("{name}{mode}: stdout differs from CPython\n{}stderr: {}", diff(&want, &out), String::from_utf8_lossy(&got.stderr)));
        } else if got.status.code() != reference.status.code() {
            problems.push(format!(
                "{name}{mode}: exit status {:?}, CPython {:?}\nstderr: {}",
                got.status.code(),
                reference.status.code(),
                String::from_utf8_lossy(&got.stderr)
            ));
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

#[test]
fn corpus_matches_cpython() {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/vm-corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py") && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_')))
        .collect();
    programs.sort();
    assert!(!programs.is_empty(), "no corpus programs found");
    let queue = Arc::new(Mutex::new(programs.clone()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2);
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (queue, failures) = (queue.clone(), failures.clone());
            std::thread::spawn(move || loop {
                let Some(p) = queue.lock().expect("queue").pop() else { break };
                if let Some(f) = check(&p) {
                    failures.lock().expect("failures").push(f);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("worker thread");
    }
    let failures = failures.lock().expect("failures");
    assert!(failures.is_empty(), "{} of {} corpus programs differ from CPython:\n\n{}", failures.len(), programs.len(), failures.join("\n\n"));
}
