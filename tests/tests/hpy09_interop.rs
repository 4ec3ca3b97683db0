//! Interop with HPy 0.9.0 itself (DESIGN.md §1): the same C extension built
//! with HPy's own toolchain and with Hilt's headers must export the same
//! symbols and carry definitions that decode identically through `hilt_abi`;
//! both binaries must give the same results in HPy 0.9's own loader and in
//! Hilt's CPython backend; and
//! the layout probe must read the same numbers from HPy's header and Hilt's.

use hilt_abi::*;
use hilt_tests::*;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::path::{Path, PathBuf};
use std::process::Command;

fn ext_source() -> PathBuf {
    workspace_root().join("tests/exts/interop.c")
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        "NULL".into()
    } else {
        // SAFETY: non-null strings in ABI structs are NUL-terminated static data of the loaded module.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

fn set<T>(f: Option<T>) -> &'static str {
    if f.is_some() {
        "set"
    } else {
        "null"
    }
}

/// One line per definition, function pointers reduced to set/null.
///
/// # Safety
/// `defs` must be a NULL-terminated array of valid `HPyDef` pointers.
unsafe fn describe_defines(defs: *mut *mut HPyDef, out: &mut Vec<String>) {
    if defs.is_null() {
        out.push("defines NULL".into());
        return;
    }
    let mut i = 0;
    loop {
        // SAFETY: the caller guarantees a NULL-terminated array.
        let d = unsafe { *defs.add(i) };
        if d.is_null() {
            break;
        }
        // SAFETY: `d` points to a valid HPyDef; the union member read is chosen by `kind`.
        let d = unsafe { &*d };
        let line = match d.kind {
            HPyDef_Kind::Slot => {
                let s = unsafe { d.u.slot };
                format!("slot {:?} impl={} tramp={}", s.slot.name(), set(s.impl_), set(s.cpy_trampoline))
            }
            HPyDef_Kind::Meth => {
                let m = unsafe { d.u.meth };
                format!(
                    "meth {} sig={:?} doc={} impl={} tramp={}",
                    cstr(m.name),
                    m.signature.name(),
                    cstr(m.doc),
                    set(m.impl_),
                    set(m.cpy_trampoline)
                )
            }
            HPyDef_Kind::Member => {
                let m = unsafe { d.u.member };
                format!(
                    "member {} type={:?} offset={} readonly={} doc={}",
                    cstr(m.name),
                    m.type_.name(),
                    m.offset,
                    m.readonly,
                    cstr(m.doc)
                )
            }
            HPyDef_Kind::GetSet => {
                let g = unsafe { d.u.getset };
                format!(
                    "getset {} get={} set={} gtramp={} stramp={} doc={} closure_null={}",
                    cstr(g.name),
                    set(g.getter_impl),
                    set(g.setter_impl),
                    set(g.getter_cpy_trampoline),
                    set(g.setter_cpy_trampoline),
                    cstr(g.doc),
                    g.closure.is_null()
                )
            }
            other => format!("unknown kind {}", other.0),
        };
        out.push(line);
        i += 1;
    }
}

/// Load a binary and describe everything its init symbols and data expose.
fn describe(so: &Path) -> Vec<String> {
    let mut out = Vec::new();
    // SAFETY: the library is a test extension whose initialisers only set globals.
    let lib = unsafe { libloading::Library::new(so) }.unwrap_or_else(|e| panic!("loading {}: {e}", so.display()));
    // SAFETY: the symbol types are those HPy_MODINIT defines.
    unsafe {
        let major: libloading::Symbol<unsafe extern "C" fn() -> u32> =
            lib.get(b"get_required_hpy_major_version_interop").unwrap();
        let minor: libloading::Symbol<unsafe extern "C" fn() -> u32> =
            lib.get(b"get_required_hpy_minor_version_interop").unwrap();
        out.push(format!("abi {}.{}", major(), minor()));
        let _: libloading::Symbol<unsafe extern "C" fn(*mut HPyContext)> =
            lib.get(b"HPyInitGlobalContext_interop").unwrap();
        let init: libloading::Symbol<unsafe extern "C" fn() -> *mut HPyModuleDef> =
            lib.get(b"HPyInit_interop").unwrap();
        let def = &*init();
        out.push(format!("module doc={} size={}", cstr(def.doc), def.size));
        out.push(format!("legacy_methods_null={}", def.legacy_methods.is_null()));
        describe_defines(def.defines, &mut out);
        let mut globals = 0;
        while !(*def.globals.add(globals)).is_null() {
            globals += 1;
        }
        out.push(format!("globals {globals}"));

        let spec: libloading::Symbol<*mut HPyType_Spec> = lib.get(b"interop_Point_spec").unwrap();
        let spec = &**spec;
        out.push(format!(
            "type {} basicsize={} itemsize={} flags={:#x} shape={:?} legacy_slots_null={} doc={}",
            cstr(spec.name),
            spec.basicsize,
            spec.itemsize,
            spec.flags,
            spec.builtin_shape.name(),
            spec.legacy_slots.is_null(),
            cstr(spec.doc)
        ));
        describe_defines(spec.defines, &mut out);
    }
    out
}

#[test]
fn hilt_and_hpy_builds_of_one_extension_are_interchangeable() {
    let python = venv_python();
    let dir = scratch_dir("hpy09_interop");
    let hpy_dir = dir.join("hpy");
    std::fs::create_dir_all(&hpy_dir).unwrap();
    let hpy_so = build_with_hpy_toolchain(&python, &ext_source(), &hpy_dir);
    let hilt_dir = dir.join("hilt");
    std::fs::create_dir_all(&hilt_dir).unwrap();
    let hilt_so = hilt_dir.join("interop.hpy0.so");
    build_with_hilt(&[ext_source()], &hilt_so, &[]);

    // Same init symbols. HPy's toolchain also exports every HPyDef (and the
    // runtime's HPyStructSequence_UnnamedField); Hilt's headers keep them
    // hidden, so Hilt's exports are a subset of HPy's.
    let hpy_syms = exported_symbols(&hpy_so);
    let hilt_syms = exported_symbols(&hilt_so);
    assert_eq!(
        hilt_syms,
        [
            "HPyInitGlobalContext_interop",
            "HPyInit_interop",
            "get_required_hpy_major_version_interop",
            "get_required_hpy_minor_version_interop",
            "interop_Point_spec",
        ]
    );
    assert!(hilt_syms.iter().all(|s| hpy_syms.contains(s)), "HPy exports {hpy_syms:?}");
    for required in [
        "HPyInit_interop",
        "HPyInitGlobalContext_interop",
        "get_required_hpy_major_version_interop",
        "get_required_hpy_minor_version_interop",
    ] {
        assert!(hilt_syms.iter().any(|s| s == required), "{required} missing");
    }

    // Same definitions, decoded through hilt_abi's types.
    let hpy_desc = describe(&hpy_so);
    let hilt_desc = describe(&hilt_so);
    assert_eq!(hilt_desc, hpy_desc);
    assert_eq!(hilt_desc[0], "abi 0.0");
    assert!(hilt_desc.iter().any(|l| l.starts_with("meth greet sig=Some(\"KEYWORDS\")")), "{hilt_desc:#?}");
    assert!(hilt_desc.iter().any(|l| l.starts_with("slot Some(\"tp_traverse\")")), "{hilt_desc:#?}");

    // Both binaries run in HPy 0.9's own loader and in Hilt's CPython
    // backend, all four with the same results.
    ensure_hilt_installed(&python);
    let script = workspace_root().join("tests/exts/run_interop.py");
    let reference = run(Command::new(&python).arg(&script).arg(&hpy_so).arg("hpy"));
    assert!(reference.contains("add3 6"), "{reference}");
    for (so, loader) in [(&hilt_so, "hpy"), (&hpy_so, "hilt"), (&hilt_so, "hilt")] {
        let out = run(Command::new(&python).arg(&script).arg(so).arg(loader));
        assert_eq!(out, reference, "{} in the {loader} loader", so.display());
    }
}

#[test]
fn layout_probe_reads_the_same_numbers_from_hpy_and_hilt_headers() {
    let python = venv_python();
    let (hpy_include, _) = hpy_reference_devel(&python);
    let dir = scratch_dir("hpy09_layout");
    let probe = workspace_root().join("headers/tests/generated/layout_probe.c");
    let compile = |include: &Path, forbid: Option<PathBuf>, exe: &Path| {
        let mut cmd = Command::new(c_compiler());
        cmd.args(["-DHPY_ABI_UNIVERSAL", "-DHILT_PROBE_MAIN"]).arg(format!("-I{}", include.display()));
        if let Some(f) = forbid {
            cmd.arg(format!("-I{}", f.display()));
        }
        run(cmd.arg(&probe).arg("-o").arg(exe));
        run(&mut Command::new(exe))
    };
    let hpy = compile(&hpy_include, None, &dir.join("probe_hpy"));
    let hilt = compile(&hilt_headers::include_dir(), Some(hilt_headers::forbid_python_h_dir()), &dir.join("probe_hilt"));
    assert_eq!(hilt, hpy, "layouts differ between HPy 0.9.0's header and Hilt's");
    assert!(hilt.lines().any(|l| l == "sizeof HPyContext 2128"), "{hilt}");
    assert!(hilt.lines().count() > 263 + 50, "probe too small: {hilt}");
}
