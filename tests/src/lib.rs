//! Support for Hilt's cross-backend and interoperability tests: a Python
//! virtual environment with HPy 0.9.0 (the reference implementation), and
//! compiling C extensions with Hilt's headers or with HPy's.
//!
//! Everything is built under `target/hilt-tests/`, so tests leave the tree
//! clean and a second run reuses the virtual environment.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The HPy release the interop tests compare against.
pub const HPY_REFERENCE: &str = "hpy==0.9.0";

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A scratch directory for one test, emptied first.
pub fn scratch_dir(test: &str) -> PathBuf {
    let dir = workspace_root().join("target").join("hilt-tests").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Run a command; panic with its output if it fails. Returns stdout.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{cmd:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The Python of a virtual environment holding HPy 0.9.0 and pytest.
///
/// `HILT_TEST_PYTHON` names one made by the test command; otherwise one is
/// created once under `target/hilt-tests/venv` (guarded by a file lock, as
/// tests run in parallel).
pub fn venv_python() -> PathBuf {
    if let Some(p) = std::env::var_os("HILT_TEST_PYTHON") {
        return PathBuf::from(p);
    }
    let base = workspace_root().join("target").join("hilt-tests");
    std::fs::create_dir_all(&base).expect("cannot create target/hilt-tests");
    let lock = File::create(base.join("venv.lock")).expect("cannot create the venv lock file");
    lock.lock().expect("cannot lock the venv lock file");
    let venv = base.join("venv");
    let python = venv.join("bin").join("python");
    let ready = venv.join(".hilt-ready");
    // The marker records what was installed, so a venv made by an older
    // checkout with fewer packages is brought up to date.
    let packages = [HPY_REFERENCE, "pytest", "setuptools", "maturin"];
    let wanted = packages.join(" ");
    if std::fs::read_to_string(&ready).ok().as_deref() != Some(wanted.as_str()) {
        if !python.exists() {
            let host = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
            run(Command::new(&host).args(["-m", "venv"]).arg(&venv));
        }
        run(Command::new(&python).args(["-m", "pip", "install", "-q"]).args(packages));
        std::fs::write(&ready, &wanted).expect("cannot mark the venv ready");
    }
    python
}

/// HPy 0.9.0's include directory and its helper-runtime sources (universal ABI).
pub fn hpy_reference_devel(python: &Path) -> (PathBuf, Vec<PathBuf>) {
    let script = "import hpy.devel as d\n\
                  dev = d.HPyDevel()\n\
                  print(dev.include_dir)\n\
                  for s in dev.get_extra_sources(): print(s)\n";
    let out = run(Command::new(python).args(["-c", script]));
    let mut lines = out.lines().map(PathBuf::from);
    let include = lines.next().expect("hpy.devel printed no include dir");
    (include, lines.collect())
}

/// The C compiler (`CC`, else `cc`).
pub fn c_compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

/// Compile `sources` into a universal-ABI shared object with Hilt's headers
/// and helper runtime, the way an extension author's build does.
pub fn build_with_hilt(sources: &[PathBuf], out: &Path, extra_flags: &[&str]) {
    let mut cmd = Command::new(c_compiler());
    cmd.args(["-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror", "-DHPY_ABI_UNIVERSAL"])
        .arg(format!("-I{}", hilt_headers::include_dir().display()))
        .arg(format!("-I{}", hilt_headers::forbid_python_h_dir().display()))
        .args(extra_flags)
        .args(sources)
        .args(hilt_headers::runtime_sources())
        .arg("-o")
        .arg(out);
    run(&mut cmd);
}

/// Build the C extension `source` (whose module name is its file stem) with
/// HPy 0.9.0's own toolchain (its setuptools `hpy_ext_modules`, universal
/// ABI) in `dir`; returns the `.hpy0.so` it made. (HPy also writes a stub
/// `NAME.py` beside it: copy the binary elsewhere to import it without.)
pub fn build_with_hpy_toolchain(python: &Path, source: &Path, dir: &Path) -> PathBuf {
    let name = source.file_stem().expect("a source file name").to_string_lossy().into_owned();
    let file = source.file_name().expect("a source file name").to_string_lossy().into_owned();
    std::fs::copy(source, dir.join(&file)).unwrap_or_else(|e| panic!("copying {}: {e}", source.display()));
    std::fs::write(
        dir.join("setup.py"),
        format!(
            "from setuptools import setup, Extension\n\
             setup(name='{name}', hpy_ext_modules=[Extension('{name}', sources=['{file}'])])\n"
        ),
    )
    .unwrap();
    run(Command::new(python)
        .args(["setup.py", "-q", "--hpy-abi=universal", "build_ext", "--inplace"])
        .current_dir(dir));
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().ends_with(".hpy0.so"))
        .unwrap_or_else(|| panic!("HPy's toolchain produced no .hpy0.so in {}", dir.display()))
}

/// Build every extension of ported-exts/ once into `out` as NAME.hpy0.so
/// (`ported-exts/build_all.py`, also the main job's builder: C with
/// `hilt.build`, Rust with Cargo in `target/ported-rust`); returns the names.
pub fn build_ported_exts(python: &Path, out: &Path) -> Vec<String> {
    let target = workspace_root().join("target").join("ported-rust");
    let names = run(Command::new(python)
        .arg(workspace_root().join("ported-exts/build_all.py"))
        .arg(out)
        .arg("--target-dir")
        .arg(&target)
        // A target directory of its own, and this test's own cargo.
        .env("CARGO", env!("CARGO"))
        .current_dir(workspace_root()));
    let names: Vec<String> = names.lines().map(str::to_string).collect();
    assert!(!names.is_empty(), "no extension found in ported-exts/");
    names
}

/// The dynamic symbols a shared object defines (functions and data).
pub fn exported_symbols(so: &Path) -> Vec<String> {
    let out = run(Command::new("nm").args(["-D", "--defined-only"]).arg(so));
    let mut names: Vec<String> = out
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (_addr, kind, name) = (parts.next()?, parts.next()?, parts.next()?);
            matches!(kind, "T" | "D" | "B" | "R").then(|| name.to_string())
        })
        .filter(|n| !matches!(n.as_str(), "_init" | "_fini"))
        .collect();
    names.sort();
    names
}

/// Make sure `python`'s environment has the `hilt` package built from this
/// checkout: the test command does it once (`HILT_BACKEND_INSTALLED=1`);
/// otherwise it is built here with maturin, once per test process.
pub fn ensure_hilt_installed(python: &Path) {
    static DONE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    if std::env::var_os("HILT_BACKEND_INSTALLED").is_some() {
        return;
    }
    DONE.get_or_init(|| {
        let base = workspace_root().join("target").join("hilt-tests");
        std::fs::create_dir_all(&base).expect("cannot create target/hilt-tests");
        let lock = File::create(base.join("maturin.lock")).expect("cannot create the maturin lock file");
        lock.lock().expect("cannot lock the maturin lock file");
        let venv = python.parent().and_then(Path::parent).expect("python inside a venv's bin/");
        run(Command::new(python)
            .args(["-m", "maturin", "develop", "--release", "-q", "-m"])
            .arg(workspace_root().join("backend-cpython/Cargo.toml"))
            .env("VIRTUAL_ENV", venv));
    });
}

/// `python -m hilt ARGS...` run in `dir`, success or not (the build tools'
/// tests check failures too).
pub fn hilt_cli(python: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(python)
        .args(["-m", "hilt"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {} -m hilt: {e}", python.display()))
}

/// Load the binary `so` with `hilt.load` as module `name` (bound to `m`)
/// and return what `print(EXPR)` prints, trimmed.
pub fn call_with_hilt(python: &Path, name: &str, so: &Path, expr: &str) -> String {
    let so = so.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", so.display()));
    let script = format!("import sys, hilt\nm = hilt.load(sys.argv[1], sys.argv[2])\nprint({expr})\n");
    run(Command::new(python).args(["-c", &script, name]).arg(so)).trim().to_string()
}

/// `expr` (with the module as `m`) evaluated on both backends: CPython via
/// `hilt.load`, and the Hilt VM importing `so` (which must be NAME.hpy0.so)
/// from its directory. Both must give the same printed result, returned.
pub fn call_on_both_backends(python: &Path, name: &str, so: &Path, expr: &str) -> String {
    let on_cpython = call_with_hilt(python, name, so, expr);
    let so = so.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", so.display()));
    assert_eq!(so.file_name().and_then(|f| f.to_str()), Some(format!("{name}.hpy0.so").as_str()), "the VM imports NAME.hpy0.so");
    let dir = so.parent().expect("a directory");
    let on_vm = run(Command::new(hilt_vm_binary())
        .args(["-c", &format!("import {name} as m\nprint({expr})\n")])
        .env("PYTHONPATH", dir)
        .env_remove("HILT"))
    .trim()
    .to_string();
    assert_eq!(on_vm, on_cpython, "{name}: `{expr}` gives {on_vm} on the Hilt VM, {on_cpython} on CPython");
    on_cpython
}

/// The Hilt VM's `hilt` binary: `$HILT_VM` if set, else the `hilt` beside
/// the running test binary (`cargo test --workspace` builds it), else one
/// built here with Cargo in a target directory of its own.
pub fn hilt_vm_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("HILT_VM") {
        return PathBuf::from(p);
    }
    // target/<profile>/deps/TEST-HASH -> target/<profile>/hilt
    let exe = std::env::current_exe().expect("the test binary's path");
    if let Some(beside) = exe.parent().and_then(Path::parent).map(|d| d.join("hilt")) {
        if beside.is_file() {
            return beside;
        }
    }
    let target = workspace_root().join("target").join("hilt-tests").join("vm-target");
    run(Command::new(env!("CARGO"))
        .args(["build", "-q", "-p", "hilt-vm", "--bin", "hilt", "--target-dir"])
        .arg(&target)
        .current_dir(workspace_root()));
    target.join("debug").join("hilt")
}
