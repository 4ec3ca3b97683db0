//! The build tools an extension author uses, each building a tiny project
//! from `tests/build-projects/` and importing the result on both backends
//! (CPython with `hilt`, and the Hilt VM): `python -m hilt build` (C and
//! C++), `python -m hilt config` driving a plain `cc` command, the
//! setuptools integration, the Rust `build.rs` helper (`hilt-build`), and a
//! wheel of `hilt` carrying the headers. Then the errors an author sees
//! (a hybrid binary runs on CPython and is refused by the VM).

use hilt_tests::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn project(name: &str) -> PathBuf {
    workspace_root().join("tests/build-projects").join(name)
}

fn python() -> PathBuf {
    let python = venv_python();
    ensure_hilt_installed(&python);
    python
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `python -m hilt build ARGS` in `dir`, which must succeed.
fn hilt_build(python: &Path, dir: &Path, args: &[&str]) {
    let out = hilt_cli(python, dir, &[&["build"], args].concat());
    assert!(out.status.success(), "hilt build {args:?} failed:\n{}", text(&out));
}

/// `python -m hilt build ARGS` in `dir`, which must fail; its message.
fn hilt_build_fails(python: &Path, dir: &Path, args: &[&str]) -> String {
    let out = hilt_cli(python, dir, &[&["build"], args].concat());
    assert!(!out.status.success(), "hilt build {args:?} succeeded");
    let message = text(&out);
    assert!(!message.contains("Traceback"), "a traceback instead of a message:\n{message}");
    message
}

fn src(project_name: &str, file: &str) -> String {
    project(project_name).join(file).display().to_string()
}

#[test]
fn cli_builds_c_sources_with_the_runtime_and_defines() {
    let python = python();
    let dir = scratch_dir("build_tools_cli_c");
    let (adder, twice) = (src("cli-c", "adder.c"), src("cli-c", "twice.c"));
    hilt_build(&python, &dir, &[&adder, &twice, "-o", "adder.hpy0.so"]);
    assert_eq!(call_on_both_backends(&python, "adder", &dir.join("adder.hpy0.so"), "m.add(2, 3)"), "5");
    // -D reaches the compiler; a rebuild replaces the file.
    hilt_build(&python, &dir, &[&adder, &twice, "-DTWICE", "--debug-symbols", "-o", "adder.hpy0.so"]);
    assert_eq!(call_on_both_backends(&python, "adder", &dir.join("adder.hpy0.so"), "m.add(2, 3)"), "10");
}

#[test]
fn cli_builds_cpp_sources() {
    let python = python();
    let dir = scratch_dir("build_tools_cli_cpp");
    hilt_build(&python, &dir, &[&src("cli-cpp", "wordcount.cpp"), "-o", "wordcount.hpy0.so"]);
    let so = dir.join("wordcount.hpy0.so");
    assert_eq!(call_on_both_backends(&python, "wordcount", &so, "m.distinct('to be or not to be')"), "4");
}

#[test]
fn cli_hybrid_mode_allows_the_legacy_bridge() {
    let python = python();
    let dir = scratch_dir("build_tools_hybrid");
    hilt_build(&python, &dir, &["--hybrid", &src("errors", "uses_legacy.c"), "-o", "uses_legacy.hpy0.so"]);
    let so = dir.join("uses_legacy.hpy0.so");
    assert_eq!(call_with_hilt(&python, "uses_legacy", &so, "m.roundtrip([1, 'x'])"), "[1, 'x']");
    let vm = Command::new(hilt_vm_binary()).args(["-c", "import uses_legacy"]).env("PYTHONPATH", &dir).output().expect("run hilt");
    let err = text(&vm);
    assert!(!vm.status.success() && err.contains("ImportError") && err.contains("needs CPython"), "{err}");
}

#[test]
fn config_flags_drive_a_plain_compiler_command() {
    let python = python();
    let dir = scratch_dir("build_tools_config");
    let config = |flag: &str| -> Vec<String> {
        let out = hilt_cli(&python, &dir, &["config", flag]);
        assert!(out.status.success(), "config {flag}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).split_whitespace().map(String::from).collect()
    };
    let (cflags, sources, ldflags) = (config("--cflags"), config("--sources"), config("--ldflags"));
    assert!(cflags.contains(&"-DHPY_ABI_UNIVERSAL".to_string()), "{cflags:?}");
    assert!(sources.iter().all(|s| s.ends_with(".c") && Path::new(s).is_file()), "{sources:?}");
    let includes = config("--includes");
    assert!(includes.iter().all(|i| cflags.contains(i)), "--cflags holds the -I flags");
    let so = dir.join("adder.hpy0.so");
    run(Command::new(c_compiler())
        .args(&cflags)
        .args(&ldflags)
        .args([src("cli-c", "adder.c"), src("cli-c", "twice.c")])
        .args(&sources)
        .arg("-o")
        .arg(&so));
    assert_eq!(call_on_both_backends(&python, "adder", &so, "m.add(40, 2)"), "42");
}

#[test]
fn setuptools_project_builds_in_place() {
    let python = python();
    let dir = scratch_dir("build_tools_setuptools");
    for file in ["setup.py", "pyproject.toml", "greet.c"] {
        std::fs::copy(project("setuptools-greet").join(file), dir.join(file)).expect("copy the project");
    }
    run(Command::new(&python).args(["setup.py", "-q", "build_ext", "--inplace"]).current_dir(&dir));
    let so = dir.join("greet.hpy0.so");
    assert!(so.is_file(), "setuptools wrote no greet.hpy0.so");
    // The import hook finds it by name, with no stub .py.
    let out = run(Command::new(&python)
        .args(["-c", "import hilt, greet; print(greet.hello('world'), greet.__file__)"])
        .current_dir(&dir));
    assert!(out.starts_with("hello, world "), "{out}");
    assert!(out.trim().ends_with("greet.hpy0.so"), "{out}");
    assert_eq!(call_on_both_backends(&python, "greet", &so, "m.hello('world')"), "hello, world");
}

#[test]
fn rust_build_script_builds_an_extension() {
    let python = python();
    let target = workspace_root().join("target/hilt-tests/rust-build-rs-target");
    let out = run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "-q"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(project("rust-build-rs")));
    let so = PathBuf::from(out.trim());
    assert!(so.ends_with("rsgreet.hpy0.so"), "{}", so.display());
    assert_eq!(call_on_both_backends(&python, "rsgreet", &so, "m.triple(14)"), "42");
}

/// The wheel maturin builds carries the headers and runtime (the checkout's
/// symlinks become real files), and `python -m hilt build` works from it.
#[test]
fn installed_wheel_carries_headers_and_runtime() {
    let python = python();
    let dir = scratch_dir("build_tools_wheel");
    run(Command::new(&python)
        .args(["-m", "maturin", "build", "--release", "-q", "-o"])
        .arg(dir.join("dist"))
        .arg("-m")
        .arg(workspace_root().join("backend-cpython/Cargo.toml")));
    let wheel = std::fs::read_dir(dir.join("dist")).unwrap().next().expect("a wheel").unwrap().path();
    let site = dir.canonicalize().unwrap().join("site");
    run(Command::new(&python)
        .args(["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])"])
        .arg(&wheel)
        .arg(&site));
    for file in ["hilt/include/hpy.h", "hilt/include/hpy/forbid_python_h/Python.h", "hilt/runtime/argparse.c"] {
        let path = site.join(file);
        assert!(path.is_file() && !path.is_symlink(), "{file} is not a file in the wheel");
    }
    let out = run(Command::new(&python)
        .args(["-m", "hilt", "build", &src("cli-c", "adder.c"), &src("cli-c", "twice.c"), "-v", "-o", "adder.hpy0.so"])
        .env("PYTHONPATH", &site)
        .current_dir(&dir));
    assert!(out.contains("wrote adder.hpy0.so"), "{out}");
    let check = "import hilt.build as b, sys; print(b.include_dir()); m = hilt.load('adder', sys.argv[1]); print(m.add(1, 1))";
    let out = run(Command::new(&python)
        .args(["-c", &format!("import hilt; {check}")])
        .arg(dir.join("adder.hpy0.so"))
        .env("PYTHONPATH", &site));
    assert_eq!(out.lines().collect::<Vec<_>>(), [site.join("hilt/include").to_str().unwrap(), "2"]);
}

#[test]
fn python_h_in_universal_mode_is_a_clear_error() {
    let python = python();
    let dir = scratch_dir("build_tools_err_python_h");
    let msg = hilt_build_fails(&python, &dir, &[&src("errors", "uses_python_h.c"), "-o", "uses_python_h.hpy0.so"]);
    assert!(msg.contains("compiling") && msg.contains("uses_python_h.c"), "{msg}");
    assert!(msg.contains("Python.h is not available in the universal ABI"), "{msg}");
    assert!(msg.contains("--hybrid"), "{msg}");
    assert!(!dir.join("uses_python_h.hpy0.so").exists());
}

#[test]
fn legacy_function_in_universal_mode_is_a_clear_error() {
    let python = python();
    let dir = scratch_dir("build_tools_err_legacy");
    let msg = hilt_build_fails(&python, &dir, &[&src("errors", "uses_legacy.c"), "-o", "uses_legacy.hpy0.so"]);
    assert!(msg.contains("uses_legacy.c"), "{msg}");
    assert!(msg.contains("HPy_AsPyObject") && msg.contains("legacy functions"), "{msg}");
    assert!(msg.contains("available only with -DHPY_ABI_HYBRID"), "{msg}");
}

#[test]
fn output_not_ending_in_hpy0_so_is_refused() {
    let python = python();
    let dir = scratch_dir("build_tools_err_name");
    for name in ["adder.so", "adder.cpython-311-x86_64-linux-gnu.so", ".hpy0.so"] {
        let msg = hilt_build_fails(&python, &dir, &[&src("cli-c", "adder.c"), &src("cli-c", "twice.c"), "-o", name]);
        assert!(msg.contains(name) && msg.contains("must be named MODULE.hpy0.so"), "{msg}");
    }
    // The name must be the one HPy_MODINIT gives.
    let msg = hilt_build_fails(&python, &dir, &[&src("cli-c", "adder.c"), &src("cli-c", "twice.c"), "-o", "sum.hpy0.so"]);
    assert!(msg.contains("no HPyInit_sum") && msg.contains("HPy_MODINIT"), "{msg}");
    assert!(!dir.join("sum.hpy0.so").exists());
}

#[test]
fn missing_source_and_missing_compiler_are_clear_errors() {
    let python = python();
    let dir = scratch_dir("build_tools_err_inputs");
    let msg = hilt_build_fails(&python, &dir, &["nowhere.c", "-o", "nowhere.hpy0.so"]);
    assert!(msg.contains("nowhere.c: no such source file"), "{msg}");
    let msg = hilt_build_fails(&python, &dir, &[&src("cli-c", "adder.c"), "--cc", "no-such-cc", "-o", "adder.hpy0.so"]);
    assert!(msg.contains("no C compiler") && msg.contains("no-such-cc"), "{msg}");
    // A compiler failure shows the compiler's own message.
    let broken = dir.join("broken.c");
    std::fs::write(&broken, "#include \"hpy.h\"\nint f(void) { return undeclared_name; }\n").unwrap();
    let msg = hilt_build_fails(&python, &dir, &["broken.c", "-o", "broken.hpy0.so"]);
    assert!(msg.contains("compiling broken.c failed") && msg.contains("undeclared_name"), "{msg}");
}
