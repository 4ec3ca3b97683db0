//! Layout proof (DESIGN.md §2): every struct size, field offset and context
//! member offset of the C headers equals the Rust types of `hilt_abi`, seen by
//! two witnesses: the C compiler (a generated probe program) and libclang
//! (through bindgen's layout assertions).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

type Layout = BTreeMap<String, usize>;

/// Builds the Rust side from the generated case list.
macro_rules! layout_cases {
    (
        $( $ty:ident { $($field:ident),* } )*
        ;
        $( minor $minor:literal { $first:ident $(, $member:ident)* } )*
    ) => {
        #[allow(unused_comparisons)]
        fn rust_layout(minor: u32) -> Layout {
            use hilt_abi::*;
            use std::mem::{offset_of, size_of};
            let mut v = Layout::new();
            $(
                v.insert(format!("sizeof {}", stringify!($ty)), size_of::<$ty>());
                $( v.insert(format!("{}.{}", stringify!($ty), stringify!($field)), offset_of!($ty, $field)); )*
            )*
            v.insert("sizeof HPyDef".into(), size_of::<HPyDef>());
            v.insert("HPyDef.kind".into(), offset_of!(HPyDef, kind));
            v.insert("HPyDef.u".into(), offset_of!(HPyDef, u));
            // The C context of minor N ends where the first member of N+1 starts.
            let mut context_size = size_of::<HPyContext>();
            $(
                if $minor <= minor {
                    v.insert(format!("HPyContext.{}", stringify!($first)), offset_of!(HPyContext, $first));
                    $( v.insert(format!("HPyContext.{}", stringify!($member)), offset_of!(HPyContext, $member)); )*
                } else if context_size == size_of::<HPyContext>() {
                    context_size = offset_of!(HPyContext, $first);
                }
            )*
            v.insert("sizeof HPyContext".into(), context_size);
            v
        }
    };
}

include!("generated/layout_cases.rs");

fn headers_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Compile and run the generated probe; its output is `name value` lines.
fn c_layout(minor: u32) -> Layout {
    let out_dir = headers_dir().join("../target/hilt-tests/layout");
    std::fs::create_dir_all(&out_dir).unwrap();
    let exe = out_dir.join(format!("probe_minor{minor}"));
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&cc)
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-DHPY_ABI_UNIVERSAL", "-DHILT_PROBE_MAIN"])
        .arg(format!("-DHILT_TARGET_ABI_MINOR={minor}"))
        .arg(format!("-I{}", headers_dir().join("include").display()))
        .arg(headers_dir().join("tests/generated/layout_probe.c"))
        .arg("-o")
        .arg(&exe)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler `{cc}`: {e}"));
    assert!(status.success(), "the layout probe did not compile (minor {minor})");
    let out = Command::new(&exe).output().expect("cannot run the layout probe");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (name, value) = l.rsplit_once(' ').expect("probe line `name value`");
            (name.to_string(), value.parse().expect("probe value"))
        })
        .collect()
}

fn assert_same(what: &str, expected: &Layout, actual: &Layout) {
    let mut problems = Vec::new();
    for (name, value) in expected {
        match actual.get(name) {
            Some(v) if v == value => {}
            Some(v) => problems.push(format!("{name}: Rust {value}, {what} {v}")),
            None => problems.push(format!("{name}: missing in {what}")),
        }
    }
    for name in actual.keys().filter(|k| !expected.contains_key(*k)) {
        problems.push(format!("{name}: only in {what}"));
    }
    assert!(problems.is_empty(), "layout differences ({} of them):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn c_compiler_agrees_with_rust_at_minor_0() {
    let c = c_layout(0);
    assert_eq!(c["sizeof HPyContext"], if cfg!(target_pointer_width = "64") { 2128 } else { c["sizeof HPyContext"] });
    assert_same("C (minor 0)", &rust_layout(0), &c);
}

#[test]
fn c_compiler_agrees_with_rust_at_minor_1() {
    let c = c_layout(1);
    assert!(c.contains_key("HPyContext.ctx_Slice_New"));
    assert_same("C (minor 1)", &rust_layout(1), &c);
}

/// Sizes and offsets from bindgen's layout assertions (computed by libclang).
fn bindgen_layout() -> Layout {
    let bindings = bindgen::Builder::default()
        .header(headers_dir().join("include/hpy.h").to_string_lossy())
        .clang_args(["-DHPY_ABI_UNIVERSAL", "-DHILT_TARGET_ABI_MINOR=1"])
        .clang_arg(format!("-I{}", headers_dir().join("include").display()))
        .layout_tests(true)
        .generate()
        .expect("bindgen could not read hpy.h");
    let text = bindings.to_string();
    let rename = |t: &str| match t {
        "_HPyContext_s" => "HPyContext".to_string(),
        "_HPyDef_s" => "HPyDef".to_string(),
        other => other.to_string(),
    };
    // Each assertion reads `["LABEL"][ ... - NUMusize]`; the token stream
    // may be printed on one line, so scan the text rather than lines.
    let mut layout = Layout::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("[\"") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('"') else { break };
        let label = &rest[..end];
        rest = &rest[end..];
        let Some(dash) = rest.find(" - ") else { break };
        let digits: String = rest[dash + 3..].chars().take_while(|c| c.is_ascii_digit()).collect();
        let Ok(value) = digits.parse::<usize>() else { continue };
        if let Some(t) = label.strip_prefix("Size of ") {
            layout.insert(format!("sizeof {}", rename(t)), value);
        } else if let Some(path) = label.strip_prefix("Offset of field: ") {
            if let Some((t, f)) = path.split_once("::") {
                layout.insert(format!("{}.{}", rename(t), f), value);
            }
        }
    }
    layout
}

#[test]
fn bindgen_agrees_with_the_c_compiler() {
    let clang = bindgen_layout();
    let c = c_layout(1);
    let mut checked = 0;
    let mut problems = Vec::new();
    for (name, value) in &c {
        if name == "HPyDef.u" {
            continue; // anonymous union: bindgen names it __bindgen_anon_1
        }
        match clang.get(name) {
            Some(v) if v == value => checked += 1,
            Some(v) => problems.push(format!("{name}: C {value}, bindgen {v}")),
            None => problems.push(format!("{name}: bindgen has no such entry")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 300, "only {checked} entries compared");
}
