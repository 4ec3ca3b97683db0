//! Emits `hpy/autogen_abi_types.h`: the C side of `abi/src/types.rs`.
//!
//! The enums come from the `VARIANTS` tables of the Rust enum wrappers (so a
//! number exists once); structs and function-pointer types come from
//! cbindgen. `HPyDef` (anonymous union) and `HPyCFunction` (an unprototyped
//! function type, which C allows to be cast from any function without a
//! warning) cannot be expressed by cbindgen and are written in `hpydef.h`
//! and here respectively.

use crate::GENERATED_NOTICE;
use hilt_abi::types::*;
use std::fmt::Write;
use std::os::raw::c_int;
use std::path::Path;

/// Every ABI enum: (C type name, C enumerator prefix, enumerators).
fn abi_enums() -> Vec<(&'static str, &'static str, &'static [(&'static str, c_int)])> {
    vec![
        ("HPy_SourceKind", HPy_SourceKind::C_PREFIX, HPy_SourceKind::VARIANTS),
        ("_HPyCapsule_key", _HPyCapsule_key::C_PREFIX, _HPyCapsule_key::VARIANTS),
        ("HPy_RichCmpOp", HPy_RichCmpOp::C_PREFIX, HPy_RichCmpOp::VARIANTS),
        ("HPyFunc_Signature", HPyFunc_Signature::C_PREFIX, HPyFunc_Signature::VARIANTS),
        ("HPySlot_Slot", HPySlot_Slot::C_PREFIX, HPySlot_Slot::VARIANTS),
        ("HPyMember_FieldType", HPyMember_FieldType::C_PREFIX, HPyMember_FieldType::VARIANTS),
        ("HPyDef_Kind", HPyDef_Kind::C_PREFIX, HPyDef_Kind::VARIANTS),
        ("HPyType_BuiltinShape", HPyType_BuiltinShape::C_PREFIX, HPyType_BuiltinShape::VARIANTS),
        ("HPyType_SpecParam_Kind", HPyType_SpecParam_Kind::C_PREFIX, HPyType_SpecParam_Kind::VARIANTS),
    ]
}

/// Names cbindgen must not define: declared elsewhere or written by hand.
const NOT_FROM_CBINDGEN: &[&str] = &[
    "HPyDef",
    "HPyDef_Union",
    "HPyCFunction",
    "HPyContext",
    "cpy_PyObject",
    "cpy_PyMethodDef",
    "size_t",
    "wchar_t",
];

/// Types cbindgen emits (it only emits what it is asked for when no
/// `extern "C"` function uses them).
const FROM_CBINDGEN: &[&str] = &[
    "HPy_ssize_t",
    "HPy_hash_t",
    "HPy_UCS4",
    "HPy",
    "HPyField",
    "HPyGlobal",
    "HPyListBuilder",
    "HPyTupleBuilder",
    "HPyTracker",
    "HPyThreadState",
    "HPyFunc_Capsule_Destructor",
    "HPyFunc_keywords",
    "cpy_PyCFunction",
    "cpy_visitproc",
    "cpy_getter",
    "cpy_setter",
    "cpy_PyCapsule_Destructor",
    "cpy_vectorcallfunc",
    "HPySlot",
    "HPyMeth",
    "HPyMember",
    "HPyGetSet",
    "HPyCapsule_Destructor",
    "HPyCallFunction",
    "HPyType_Spec",
    "HPyType_SpecParam",
    "HPyModuleDef",
    "HPy_buffer",
];

fn cbindgen_body(types_rs: &Path) -> Result<String, String> {
    let mut config = cbindgen::Config {
        language: cbindgen::Language::C,
        style: cbindgen::Style::Both,
        documentation: true,
        documentation_style: cbindgen::DocumentationStyle::C,
        no_includes: true,
        ..Default::default()
    };
    config.export.include = FROM_CBINDGEN.iter().map(|s| s.to_string()).collect();
    config.export.exclude = NOT_FROM_CBINDGEN.iter().map(|s| s.to_string()).collect();
    config.constant.allow_static_const = false;
    config.structure.associated_constants_in_body = false;
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(types_rs)
        .generate()
        .map_err(|e| format!("cbindgen failed on {}: {e}", types_rs.display()))?;
    let mut out = Vec::new();
    bindings.write(&mut out);
    let text = String::from_utf8(out).map_err(|e| format!("cbindgen wrote non-UTF-8: {e}"))?;
    // Keep only declarations: drop the constants cbindgen emits for Rust
    // consts, with the doc comment just above each; C macros live in the headers.
    let mut kept: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.starts_with("#define ") {
            if kept.last().is_some_and(|l| l.trim_start().starts_with("*/")) {
                while let Some(l) = kept.pop() {
                    if l.trim_start().starts_with("/*") {
                        break;
                    }
                }
            }
            continue;
        }
        kept.push(line);
    }
    let mut body = kept.join("\n");
    while body.contains("\n\n\n") {
        body = body.replace("\n\n\n", "\n\n");
    }
    Ok(body.trim().to_string())
}

pub fn emit(types_rs: &Path) -> Result<String, String> {
    let mut s = String::new();
    writeln!(s, "/* {GENERATED_NOTICE} */").unwrap();
    s.push_str(
        "\n/* The ABI types. Included by hpy.h after hpy/cpy_types.h (which declares\n\
         \x20  cpy_PyObject and cpy_PyMethodDef); do not include directly. */\n\
         #ifndef HILT_AUTOGEN_ABI_TYPES_H\n\
         #define HILT_AUTOGEN_ABI_TYPES_H\n\n\
         typedef struct _HPyContext_s HPyContext;\n\
         typedef struct _HPyDef_s HPyDef; /* defined in hpy/hpydef.h */\n\n\
         /* Any function, before it is cast to its real signature. */\n\
         typedef void *(*HPyCFunction)();\n\n",
    );
    for (name, prefix, variants) in abi_enums() {
        writeln!(s, "typedef enum {{").unwrap();
        for (variant, value) in variants {
            writeln!(s, "    {prefix}{variant} = {value},").unwrap();
        }
        writeln!(s, "}} {name};\n").unwrap();
    }
    s.push_str("/* Limits of HPy_ssize_t (an intptr_t). */\n#define HPY_SSIZE_T_MAX INTPTR_MAX\n#define HPY_SSIZE_T_MIN (-HPY_SSIZE_T_MAX - 1)\n\n");
    s.push_str("/* The signature each slot's impl must have (used by HPyDef_SLOT). */\n");
    for (slot, sig) in SLOT_SIGNATURES {
        let slot = slot.name().expect("slot in table");
        let sig = sig.name().expect("signature in table");
        writeln!(s, "#define _HPySlot_SIG__HPy_{slot} HPyFunc_{sig}").unwrap();
    }
    s.push('\n');
    s.push_str(&cbindgen_body(types_rs)?);
    s.push_str("\n\n#endif /* HILT_AUTOGEN_ABI_TYPES_H */\n");
    Ok(s)
}
