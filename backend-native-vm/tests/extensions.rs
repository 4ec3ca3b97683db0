//! The C extension ABI on the VM, where it differs from CPython's: the
//! collector and extension objects (fields traced, cycles through fields
//! freed, tp_destroy run), binaries the VM refuses (they need CPython), the
//! version check, and debug mode's reports. Output identical to CPython's
//! for the same binaries is the cross-backend suite's job (tests/ at the
//! workspace root).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn exts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exts")
}

/// A scratch directory of this test binary (under target/).
fn scratch() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vm-extensions");
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("create scratch dir");
        d
    })
    .clone()
}

/// Compile `source` (in tests/exts or backend-cpython/tests/exts) with
/// Hilt's headers into `scratch/<out_name>`.
fn build(source: &Path, out_name: &str, flags: &[&str]) -> PathBuf {
    let out = scratch().join(out_name);
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let o = Command::new(cc)
        .args(["-shared", "-fPIC", "-O1", "-Wall", "-DHPY_ABI_UNIVERSAL"])
        .arg(format!("-I{}", hilt_headers::include_dir().display()))
        .args(flags)
        .arg(source)
        .args(hilt_headers::runtime_sources())
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run the C compiler");
    assert!(o.status.success(), "compiling {}: {}", source.display(), String::from_utf8_lossy(&o.stderr));
    out
}

/// Run `code` as a script with `hilt run`, with `dir` on the module path.
fn run_script(dir: &Path, name: &str, code: &str, env: &[(&str, &str)]) -> Output {
    let script = dir.join(name);
    std::fs::write(&script, code).expect("write script");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hilt"));
    cmd.arg("run").arg(&script).env_remove("HILT").env_remove("HILT_GC_STRESS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run hilt")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const GC_SCRIPT: &str = r#"
import vm_gc
Node = vm_gc.Node
keep = Node("head")
keep.next = Node(20)            # reachable only through a field
keep.next.next = 5              # an unboxed value in a field
a = Node(1)
b = Node(2)
a.next = b
b.next = a                      # a cycle through fields
del a, b
junk = []
for i in range(300):
    junk.append([i])            # allocations: collections under stress
    junk = junk[-3:]
print(keep.value, keep.next.value, keep.next.next, keep.id)
print("cycle freed:", vm_gc.destroyed() >= 2)
class Sub(Node):
    pass
s = Sub(3)
s.extra = "python subclass instances have a dict"
print(type(s).__name__, s.value, s.extra, isinstance(s, Node))
try:
    keep.extra = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    keep.id = 3
except AttributeError as e:
    print("AttributeError:", e)
"#;

#[test]
fn fields_are_traced_cycles_through_fields_freed_and_destroy_runs() {
    let so = build(&exts_dir().join("vm_gc.c"), "vm_gc.hpy0.so", &[]);
    let dir = so.parent().expect("dir");
    let expected = "head 20 5 7\ncycle freed: True\nSub 3 python subclass instances have a dict True\n\
                    AttributeError: 'Node' object has no attribute 'extra'\nAttributeError: readonly attribute\n";
    for env in [&[("HILT_GC_STRESS", "1")][..], &[("HILT_GC_STRESS", "1"), ("HILT", "debug")][..]] {
        let o = run_script(dir, "gc_fields.py", GC_SCRIPT, env);
        assert_eq!(text(&o.stdout), expected, "with {env:?}; stderr: {}", text(&o.stderr));
        assert!(o.status.success());
    }
}

#[test]
fn binaries_that_need_cpython_are_refused_with_a_clear_import_error() {
    let src = exts_dir().join("needs_cpython.c");
    let capi_dir = scratch().join("capi");
    let legacy_dir = scratch().join("legacy");
    let foreign_dir = scratch().join("foreign");
    for d in [&capi_dir, &legacy_dir, &foreign_dir] {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    let so = build(&src, "capi.so", &["-DCALLS_CAPI"]);
    std::fs::rename(so, capi_dir.join("needs_cpython.hpy0.so")).expect("move");
    let so = build(&src, "legacy.so", &["-DLEGACY_METHODS"]);
    std::fs::rename(so, legacy_dir.join("needs_cpython.hpy0.so")).expect("move");
    std::fs::write(foreign_dir.join("needs_cpython.cpython-311-x86_64-linux-gnu.so"), b"not read").expect("write");
    let script = "try:\n    import needs_cpython\nexcept ImportError as e:\n    print(type(e).__name__, e)\n";
    for (dir, needle) in [
        (&capi_dir, "needs CPython: it calls the CPython C API (PyLong_FromLong)"),
        (&legacy_dir, "needs CPython: its HPyModuleDef has legacy (CPython C-API) methods"),
        (&foreign_dir, "needs CPython: it is not a universal HPy binary (expected 'needs_cpython.hpy0.so')"),
    ] {
        let o = run_script(dir, "imp.py", script, &[]);
        let out = text(&o.stdout);
        assert!(out.starts_with("ImportError hilt: ") && out.contains(needle), "{out}\n{}", text(&o.stderr));
    }
}

#[test]
fn the_version_check_and_missing_exports_give_import_errors() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../backend-cpython/tests/exts/bad_version.c");
    let so = build(&src, "bad_version.hpy0.so", &["-DREQ_MAJOR=1", "-DREQ_MINOR=0"]);
    let dir = so.parent().expect("dir");
    let script = "try:\n    import bad_version\nexcept ImportError as e:\n    print(e)\n";
    let out = text(&run_script(dir, "ver.py", script, &[]).stdout);
    assert!(out.contains("the module was built for ABI major version 1, but this loader implements major version 0"), "{out}");
    // The same binary under another name lacks the exports that name needs.
    std::fs::copy(&so, dir.join("renamed.hpy0.so")).expect("copy");
    let script = "try:\n    import renamed\nexcept ImportError as e:\n    print(e)\n";
    let out = text(&run_script(dir, "ren.py", script, &[]).stdout);
    assert!(out.contains("missing the symbol 'get_required_hpy_major_version_renamed'"), "{out}");
}

/// `debug_misuse.c` (the CPython backend's debug-mode test extension)
/// built with `-DKIND_<kind>`, alone in a directory as `debug_misuse.hpy0.so`.
fn misuse_ext(kind: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../backend-cpython/tests/exts/debug_misuse.c");
    let dir = scratch().join(format!("debug_{kind}"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let so = build(&src, &format!("debug_{kind}.so"), &[&format!("-DKIND_{kind}"), "-lpthread"]);
    std::fs::rename(so, dir.join("debug_misuse.hpy0.so")).expect("move");
    dir
}

#[test]
fn debug_mode_reports_misuse_on_the_vm() {
    for (kind, call, needle) in [
        ("USE_AFTER_CLOSE", "misuse()", "HPy_Repr: argument 'obj' is handle 0x"),
        ("DOUBLE_CLOSE", "misuse()", "HPy_Close: handle 0x"),
        ("CLOSE_CONSTANT", "misuse()", "is a context constant"),
        ("RETURN_CONSTANT", "misuse()", "debug_misuse.misuse returned handle 0x"),
        ("CLOSE_ARG", "misuse(object())", "is an argument of the running call"),
        ("RETURN_ARG", "misuse([])", "debug_misuse.misuse returned handle 0x"),
        ("BUILD_TWICE", "misuse()", "HPyListBuilder_Build: builder 0x"),
        ("TRACKER_AFTER_CLOSE", "misuse()", "HPyTracker_Add: tracker 0x"),
        ("NOT_A_TYPE", "misuse(3)", "_HPy_New: argument 'h_type' is a 'int' object; expected a type"),
        ("NOT_A_HANDLE", "misuse()", "not a handle of this debug context"),
        ("FIELD_NOT_TRAVERSED", "misuse(1, 'lost to the GC')", "the HPy_tp_traverse of type 'debug_misuse.Box' does not visit this field"),
    ] {
        let dir = misuse_ext(kind);
        let script = format!(
            "import debug_misuse\nprint(debug_misuse.ok(41))\ntry:\n    debug_misuse.{call}\n    print('not detected')\nexcept RuntimeError as e:\n    print(type(e).__name__, e)\n"
        );
        let o = run_script(&dir, "dbg.py", &script, &[("HILT", "debug")]);
        let out = text(&o.stdout);
        assert!(out.starts_with("42\nHPyDebugError HPy debug mode: ") && out.contains(needle), "{kind}: {out}\n{}", text(&o.stderr));
    }
}

#[test]
fn hilt_debug_finds_leaked_handles_and_hilt_trace_counts_calls_on_the_vm() {
    let dir = misuse_ext("LEAK");
    let script = r#"
import hilt, debug_misuse
with hilt.debug.LeakDetector():
    debug_misuse.ok(1)
print("clean")
try:
    with hilt.debug.LeakDetector():
        debug_misuse.misuse()
except hilt.debug.HandleLeakError as e:
    print(type(e).__name__, len(e.leaks), e.leaks[0].type_name, e.leaks[0].repr, e.leaks[0].opened_by)
    print(isinstance(e, RuntimeError), issubclass(hilt.HPyDebugError, RuntimeError))
"#;
    let o = run_script(&dir, "leak.py", script, &[("HILT", "debug")]);
    assert_eq!(text(&o.stdout), "clean\nHandleLeakError 1 int 1234567 HPyLong_FromInt64_t\nTrue True\n", "{}", text(&o.stderr));
    let script = "import hilt, debug_misuse\nfor i in range(3):\n    debug_misuse.ok(i)\nprint(hilt.trace.report(50))\n";
    let o = run_script(&dir, "trace.py", script, &[("HILT", "trace")]);
    let out = text(&o.stdout);
    let add = out.lines().find(|l| l.starts_with("HPy_Add ")).unwrap_or_else(|| panic!("no HPy_Add row:\n{out}"));
    assert_eq!(add.split_whitespace().nth(1), Some("3"), "{out}");
}

#[test]
fn debug_mode_aborts_on_an_api_call_from_another_thread() {
    let dir = misuse_ext("FOREIGN_THREAD");
    let o = run_script(&dir, "thr.py", "import debug_misuse\ndebug_misuse.misuse()\nprint('not detected')\n", &[("HILT", "debug")]);
    assert!(!o.status.success() && !text(&o.stdout).contains("not detected"), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("HPy debug mode"), "{}", text(&o.stderr));
}

#[test]
fn an_unknown_mode_is_an_import_error_naming_it() {
    let dir = scratch().join("mode");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let so = build(&exts_dir().join("vm_gc.c"), "vm_gc_mode.so", &[]);
    std::fs::rename(so, dir.join("vm_gc.hpy0.so")).expect("move");
    let o = run_script(&dir, "mode.py", "try:\n    import vm_gc\nexcept ImportError as e:\n    print(e)\n", &[("HILT", "loud")]);
    assert!(text(&o.stdout).contains("HILT=loud: unknown mode; expected 'universal', 'debug' or 'trace'"), "{}", text(&o.stdout));
}
