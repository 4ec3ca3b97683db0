//! Compile tests for the C headers (cases and flags in tests/c/README.md):
//! sources touching every API family build as C and C++ with
//! `-Wall -Wextra -Werror` and export exactly the four module entry points;
//! misuse (Python.h or the legacy bridge in universal mode, a minor-1 API
//! without opting in, no or an unsupported ABI) fails with a clear message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const WARN: &[&str] = &["-Wall", "-Wextra", "-Werror"];
const SO: &[&str] = &["-fPIC", "-fvisibility=hidden"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn include() -> String {
    format!("-I{}", root().join("include").display())
}

fn forbid() -> String {
    format!("-I{}", root().join("include/hpy/forbid_python_h").display())
}

fn case(name: &str) -> PathBuf {
    root().join("tests/c").join(name)
}

fn out_dir(sub: &str) -> PathBuf {
    let d = root().join("../target/hilt-tests/compile").join(sub);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn cc() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

fn cxx() -> String {
    std::env::var("CXX").unwrap_or_else(|_| "c++".into())
}

/// Python's include directory, for hybrid mode.
fn python_include() -> String {
    static INC: OnceLock<String> = OnceLock::new();
    INC.get_or_init(|| {
        let python = std::env::var("HILT_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let out = Command::new(python)
            .args(["-c", "import sysconfig; print(sysconfig.get_paths()['include'])"])
            .output()
            .expect("cannot run python3 to find Python's include directory");
        format!("-I{}", String::from_utf8(out.stdout).unwrap().trim())
    })
    .clone()
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Abi {
    Universal,
    Minor1,
    Hybrid,
}

fn abi_flags(abi: Abi) -> Vec<String> {
    match abi {
        Abi::Universal => vec!["-DHPY_ABI_UNIVERSAL".into(), include(), forbid()],
        Abi::Minor1 => vec!["-DHPY_ABI_UNIVERSAL".into(), "-DHILT_TARGET_ABI_MINOR=1".into(), include(), forbid()],
        Abi::Hybrid => vec!["-DHPY_ABI_HYBRID".into(), include(), python_include()],
    }
}

fn output(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn must_succeed(cmd: &mut Command) {
    let out = output(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The helper runtime compiled as C with one ABI flag set, once per ABI:
/// tests run in parallel threads and would otherwise rewrite the same
/// object files while another test links them.
fn runtime_objects(abi: Abi) -> Vec<PathBuf> {
    static BUILT: std::sync::Mutex<Vec<(String, Vec<PathBuf>)>> = std::sync::Mutex::new(Vec::new());
    let key = format!("{abi:?}");
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, objs)) = built.iter().find(|(k, _)| *k == key) {
        return objs.clone();
    }
    let objs = compile_runtime(abi);
    built.push((key, objs.clone()));
    objs
}

fn compile_runtime(abi: Abi) -> Vec<PathBuf> {
    let dir = out_dir(&format!("runtime-{abi:?}"));
    let mut objs = Vec::new();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root().join("src/runtime"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    sources.sort();
    for src in sources {
        let obj = dir.join(src.file_stem().unwrap()).with_extension("o");
        must_succeed(
            Command::new(cc())
                .args(["-std=c99", "-O2"])
                .args(abi_flags(abi))
                .args(WARN)
                .args(SO)
                .arg("-c")
                .arg(&src)
                .arg("-o")
                .arg(&obj),
        );
        objs.push(obj);
    }
    objs
}

/// Build one positive case into a shared object and check its exports.
fn build_module(file: &str, compiler: &str, std: &str, extra: &[&str], abi: Abi, module: &str) {
    let tag = format!("{file}-{std}-{}", extra.join("").replace(['-', ' '], ""));
    let dir = out_dir(&tag);
    let obj = dir.join("t.o");
    let so = dir.join(format!("{module}.hpy0.so"));
    must_succeed(
        Command::new(compiler)
            .arg(format!("-std={std}"))
            .args(extra)
            .args(abi_flags(abi))
            .args(WARN)
            .args(SO)
            .arg("-c")
            .arg(case(file))
            .arg("-o")
            .arg(&obj),
    );
    must_succeed(Command::new(compiler).arg("-shared").arg("-o").arg(&so).arg(&obj).args(runtime_objects(abi)));
    let nm = output(Command::new("nm").args(["-D", "--defined-only"]).arg(&so));
    let mut exports: Vec<String> = String::from_utf8_lossy(&nm.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_string))
        .filter(|n| !n.starts_with('_'))
        .collect();
    exports.sort();
    let mut expected = vec![
        format!("HPyInitGlobalContext_{module}"),
        format!("HPyInit_{module}"),
        format!("get_required_hpy_major_version_{module}"),
        format!("get_required_hpy_minor_version_{module}"),
    ];
    if matches!(abi, Abi::Hybrid) {
        // The mark a runtime without the CPython C API refuses.
        expected.push(format!("hilt_hybrid_abi_{module}"));
    }
    expected.sort();
    assert_eq!(exports, expected, "{file} ({std} {extra:?}) exports");
}

/// A negative case: compilation must fail and mention `expected`.
fn must_fail(file: &str, compiler: &str, flags: &[String], expected: &str) {
    let obj = out_dir("negative").join(format!("{file}.o"));
    let out = output(Command::new(compiler).args(flags).args(WARN).arg("-c").arg(case(file)).arg("-o").arg(obj));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "{file} with {flags:?} compiled, but must fail");
    assert!(text.contains(expected), "{file} with {flags:?}: expected `{expected}` in:\n{text}");
}

fn with(base: &[&str], abi: Vec<String>) -> Vec<String> {
    base.iter().map(|s| s.to_string()).chain(abi).collect()
}

#[test]
fn every_api_family_compiles_as_c() {
    for std in ["c99", "c11"] {
        for opt in ["-O0", "-O2"] {
            build_module("api_universal.c", &cc(), std, &[opt, "-Wpedantic"], Abi::Universal, "api_universal");
        }
    }
}

#[test]
fn every_api_family_compiles_as_cpp() {
    for std in ["c++11", "c++17"] {
        for opt in ["-O0", "-O2"] {
            build_module("api_universal.cpp", &cxx(), std, &[opt], Abi::Universal, "api_universal_cpp");
        }
    }
    build_module("api_universal.cpp", &cxx(), "c++20", &["-O2", "-Wpedantic"], Abi::Universal, "api_universal_cpp");
}

#[test]
fn minor_1_members_compile_when_opted_in() {
    for std in ["c99", "c11"] {
        build_module("api_minor1.c", &cc(), std, &["-O2", "-Wpedantic"], Abi::Minor1, "api_minor1");
    }
    build_module("api_minor1.c", &cxx(), "c++17", &["-O2", "-x", "c++"], Abi::Minor1, "api_minor1");
}

#[test]
fn hybrid_mode_compiles_with_the_legacy_bridge() {
    for std in ["c99", "c11"] {
        build_module("hybrid.c", &cc(), std, &["-O2"], Abi::Hybrid, "hybrid");
    }
    build_module("hybrid.c", &cxx(), "c++17", &["-O2", "-x", "c++"], Abi::Hybrid, "hybrid");
}

#[test]
fn minor_1_members_without_opting_in_are_a_clear_error() {
    let flags = with(&["-std=c11"], abi_flags(Abi::Universal));
    must_fail("api_minor1.c", &cc(), &flags, "needs -DHILT_TARGET_ABI_MINOR=1");
}

#[test]
fn python_h_is_refused_in_universal_mode() {
    let msg = "Python.h is not available in the universal ABI";
    must_fail("neg_python_h.c", &cc(), &with(&["-std=c11"], abi_flags(Abi::Universal)), msg);
    // Even when the real Python.h is found first.
    let real = vec!["-std=c11".into(), "-DHPY_ABI_UNIVERSAL".into(), include(), python_include()];
    must_fail("neg_python_h.c", &cc(), &real, msg);
}

#[test]
fn legacy_bridge_is_refused_in_universal_mode() {
    let msg = "available only with -DHPY_ABI_HYBRID";
    for opt in ["-O0", "-O2"] {
        must_fail("neg_legacy.c", &cc(), &with(&["-std=c11", opt], abi_flags(Abi::Universal)), msg);
        must_fail("neg_legacy.c", &cxx(), &with(&["-x", "c++", "-std=c++17", opt], abi_flags(Abi::Universal)), msg);
    }
}

#[test]
fn a_missing_or_unsupported_abi_is_a_clear_error() {
    must_fail("neg_no_abi.c", &cc(), &["-std=c11".into(), include()], "no target ABI selected");
    must_fail(
        "neg_cpython_abi.c",
        &cc(),
        &["-std=c11".into(), "-DHPY_ABI_CPYTHON".into(), include()],
        "Hilt builds universal or hybrid binaries only",
    );
}
